//! Subresource integrity of the pages that run script (the card frame's and the demo's), in
//! one place: the SRI values (`sha384-…`,
//! standard base64) of the files served, and the script tags of a page that runs script,
//! with every module it runs pinned by its hash.
//!
//! A `<link rel=modulepreload integrity>` does not check a module that another module
//! imports (Chromium fetches it again, unchecked, for the import), so a page pins every
//! module through an import map with `integrity` (Chromium, Firefox and WebKit enforce
//! it), and its entry module by the `integrity` of its own `<script>` tag. The import map
//! is an inline script: the page's CSP allows it by its hash ([`PageScripts::csp_source`]),
//! computed here from the very text the page carries.

use crate::escape;
use sha2::{Digest, Sha256, Sha384};

/// The SRI value of `bytes`.
pub fn sha384(bytes: &[u8]) -> String {
    format!("sha384-{}", base64(&Sha384::digest(bytes)))
}

/// The scripts a page runs: its entry module and every module it imports, at any depth
/// (the e2e tamper suite, tests/e2e/tamper.mjs, serves each one tampered and sees it
/// refused, and fails on a module that a page loads without being listed here).
pub struct Scripts {
    /// the `<script type="module">` of the page
    pub entry: &'static str,
    /// what the entry imports, directly or through other modules
    pub imports: &'static [&'static str],
}

/// A page's script tags, filled in by [`Scripts::render`].
pub struct PageScripts {
    /// the import map, a `modulepreload` for each import and the entry's `<script>`
    pub html: String,
    /// the CSP source that allows the import map: `'sha256-…'` of its text
    pub csp_source: String,
}

impl Scripts {
    /// The tags that load and pin the page's modules; `sri` gives the SRI value of a
    /// served URL.
    pub fn render(
        &self,
        sri: impl Fn(&str) -> Result<String, String>,
    ) -> Result<PageScripts, String> {
        let mut integrity = serde_json::Map::new();
        for url in std::iter::once(&self.entry).chain(self.imports) {
            integrity.insert((*url).to_owned(), sri(url)?.into());
        }
        // JSON of our own paths and base64: no `<` to end the script early, but never one.
        let map = serde_json::json!({ "integrity": integrity })
            .to_string()
            .replace('<', "\\u003c");
        let mut html = format!("<script type=\"importmap\">{map}</script>\n");
        for url in self.imports {
            html.push_str(&format!(
                "<link rel=\"modulepreload\" href=\"{}\" integrity=\"{}\">\n",
                escape(url),
                sri(url)?
            ));
        }
        html.push_str(&format!(
            "<script type=\"module\" src=\"{}\" integrity=\"{}\"></script>",
            escape(self.entry),
            sri(self.entry)?
        ));
        Ok(PageScripts {
            csp_source: format!("'sha256-{}'", base64(&Sha256::digest(map.as_bytes()))),
            html,
        })
    }
}

/// `template` with each `{{sri:URL}}` replaced by the SRI value of that served URL.
pub fn fill(
    template: &str,
    sri: impl Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = template.to_owned();
    while let Some(start) = out.find("{{sri:") {
        let end = out[start..]
            .find("}}")
            .map(|e| start + e)
            .ok_or("unclosed {{sri: in a page template")?;
        let value = sri(&out[start + 6..end])?;
        out.replace_range(start..end + 2, &value);
    }
    Ok(out)
}

/// `csp` with `source` added to its `script-src` directive.
pub fn allow_script(csp: &str, source: &str) -> Result<String, String> {
    let start = csp.find("script-src ").ok_or("the CSP has no script-src")?;
    let end = csp[start..].find(';').map_or(csp.len(), |e| start + e);
    Ok(format!("{} {source}{}", &csp[..end], &csp[end..]))
}

/// Standard base64 with padding (RFC 4648 §4), as SRI wants.
pub(crate) fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{allow_script, Scripts};

    #[test]
    fn a_page_pins_every_module_and_its_csp_allows_exactly_its_import_map() {
        let scripts = Scripts {
            entry: "/static/app.js",
            imports: &["/pkg/index.js", "/static/i18n.js"],
        };
        let sri = |url: &str| Ok(super::sha384(url.as_bytes()));
        let page = scripts.render(sri).unwrap();
        let map = page
            .html
            .strip_prefix("<script type=\"importmap\">")
            .and_then(|rest| rest.split_once("</script>"))
            .unwrap()
            .0;
        let parsed: serde_json::Value = serde_json::from_str(map).unwrap();
        for url in ["/static/app.js", "/pkg/index.js", "/static/i18n.js"] {
            assert_eq!(parsed["integrity"][url], sri(url).unwrap(), "{url}");
        }
        assert_eq!(parsed["integrity"].as_object().unwrap().len(), 3);
        // The hash of the text between the tags, as a browser computes it.
        let hash = sha2::Sha256::digest(map.as_bytes());
        use sha2::Digest;
        assert_eq!(
            page.csp_source,
            format!("'sha256-{}'", super::base64(&hash))
        );
        assert!(page.html.ends_with(&format!(
            "<script type=\"module\" src=\"/static/app.js\" integrity=\"{}\"></script>",
            sri("/static/app.js").unwrap()
        )));
        // A URL the map cannot give a value for is an error, not a page without a pin.
        let missing = |url: &str| Err(format!("{url}: not found"));
        assert!(scripts.render(missing).is_err());
    }

    #[test]
    fn a_source_goes_into_script_src_only() {
        assert_eq!(
            allow_script(
                "default-src 'self'; script-src 'self'; style-src 'self'",
                "'sha256-x'"
            )
            .unwrap(),
            "default-src 'self'; script-src 'self' 'sha256-x'; style-src 'self'"
        );
        assert_eq!(
            allow_script("script-src 'self'", "'sha256-x'").unwrap(),
            "script-src 'self' 'sha256-x'"
        );
        assert!(allow_script("default-src 'self'", "'sha256-x'").is_err());
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn sha384_of_empty_input() {
        assert_eq!(
            super::sha384(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }
}
