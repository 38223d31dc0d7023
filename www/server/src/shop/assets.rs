//! The files the shop serves, read once at start, their SRI values, and the pages filled
//! in from their templates: the checkout (`www/index.html`) and the key setup
//! (`www/setup.html`).

use super::{total, CART, SHIPPING};
use crate::{html, sri};
use axum::body::Bytes;
use std::collections::{BTreeMap, HashMap};
use std::path::Path as FsPath;

/// URL path → (content type, bytes).
pub(super) type Files = HashMap<String, (&'static str, Bytes)>;

/// The page's own files (`www/*.js|css`) under `/static/` and the npm package's
/// (`pkg/**`) under `/pkg/`, read once at start.
pub(super) fn load_files(www: &FsPath, pkg: &FsPath) -> Result<Files, String> {
    let mut files = HashMap::new();
    let mut add = |url: String, path: &FsPath| -> Result<(), String> {
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("wasm") => "application/wasm",
            Some("json") => "application/json",
            Some("svg") => "image/svg+xml",
            _ => return Ok(()),
        };
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.insert(url, (kind, Bytes::from(bytes)));
        Ok(())
    };
    for entry in std::fs::read_dir(www).map_err(|e| format!("{}: {e}", www.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_file() {
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                add(format!("/static/{name}"), &path)?;
            }
        }
    }
    let mut stack = vec![pkg.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(pkg) {
                if let Some(rel) = rel.to_str() {
                    add(format!("/pkg/{rel}"), &path)?;
                }
            }
        }
    }
    if !files.contains_key("/pkg/index.js") {
        return Err(format!("{}: no index.js; run `make pkg`", pkg.display()));
    }
    Ok(files)
}

/// The SRI value of a served file. The package's own `integrity.json` is the source for
/// `/pkg/` files, and each is checked against the bytes served.
pub(super) fn sri_of(files: &Files, url: &str) -> Result<String, String> {
    let (_, bytes) = files.get(url).ok_or_else(|| format!("{url}: not found"))?;
    let actual = sri::sha384(bytes);
    if let Some(rel) = url.strip_prefix("/pkg/") {
        let (_, json) = files
            .get("/pkg/integrity.json")
            .ok_or("pkg/integrity.json is missing; run `make pkg`")?;
        let listed: BTreeMap<String, String> =
            serde_json::from_slice(json).map_err(|e| format!("pkg/integrity.json: {e}"))?;
        if listed.get(rel) != Some(&actual) {
            return Err(format!(
                "pkg/{rel} does not match pkg/integrity.json; run `make pkg`"
            ));
        }
    }
    Ok(actual)
}

/// Fills the checkout page template: `{{public-key}}`, `{{cart}}` and `{{total}}`, and
/// what every page has ([`render_page`]).
pub(super) fn render_index(
    template: &str,
    files: &Files,
    public_key: &str,
) -> Result<String, String> {
    let mut cart = String::new();
    for (item, qty, price) in CART {
        cart.push_str(&format!(
            "<li><span class=\"item\">{}</span> <span class=\"qty\">× {qty}</span> <span class=\"price\">{}</span></li>\n",
            html::escape(item),
            html::rupiah(qty * price)
        ));
    }
    cart.push_str(&format!(
        "<li class=\"shipping\"><span class=\"item\" data-i18n=\"shipping\">Shipping</span> <span class=\"price\">{}</span></li>\n",
        html::rupiah(SHIPPING)
    ));
    let filled = template
        .replace("{{public-key}}", &html::escape(public_key))
        .replace("{{cart}}", cart.trim_end())
        .replace("{{total}}", &html::rupiah(total()));
    render_page(&filled, files)
}

/// Fills what every page template has: `{{preloads}}` (a `modulepreload` with its SRI
/// value for each of the package's in-page modules, not the frame loader) and
/// `{{sri:URL}}` (a served file's SRI value).
pub(super) fn render_page(template: &str, files: &Files) -> Result<String, String> {
    let mut modules: Vec<&String> = files
        .keys()
        // Not the secure-fields loader (cardseal/frame): an in-page checkout never runs it.
        .filter(|u| u.starts_with("/pkg/") && u.ends_with(".js") && *u != "/pkg/frame.js")
        .collect();
    modules.sort();
    let mut preloads = String::new();
    for url in modules {
        preloads.push_str(&format!(
            "<link rel=\"modulepreload\" href=\"{}\" integrity=\"{}\">\n",
            html::escape(url),
            sri_of(files, url)?
        ));
    }
    let mut out = template.replace("{{preloads}}", preloads.trim_end());
    while let Some(start) = out.find("{{sri:") {
        let end = out[start..]
            .find("}}")
            .map(|e| start + e)
            .ok_or("unclosed {{sri: in a page template")?;
        let value = sri_of(files, &out[start + 6..end])?;
        out.replace_range(start..end + 2, &value);
    }
    Ok(out)
}

/// The checkout in frame mode (issue 15): the in-page template with the card fieldset's
/// inputs replaced by a slot for the processor's frame at `frame_url`, the frame-mode
/// script, no package preloads (the loader is the only module, and no wasm), and the
/// shop's name field as a plain name (the card's name is the frame's). Gives the page and
/// its CSP: the shop's, with `frame-src` the frame's origin.
pub(super) fn render_frame_index(
    template: &str,
    files: &Files,
    public_key: &str,
    frame_url: &str,
) -> Result<(String, axum::http::HeaderValue), String> {
    let origin = frame_url
        .split_once("://")
        .and_then(|(scheme, rest)| {
            let host = rest.split('/').next()?;
            (matches!(scheme, "http" | "https") && !host.is_empty())
                .then(|| format!("{scheme}://{host}"))
        })
        .ok_or_else(|| format!("--frame-url {frame_url:?}: an http(s) URL expected"))?;
    let start = template
        .find("<fieldset class=\"card\">")
        .ok_or("index.html: no card fieldset")?;
    let end = start
        + template[start..]
            .find("</fieldset>")
            .ok_or("index.html: unclosed card fieldset")?;
    let slot = format!(
        "<fieldset class=\"card\">\n      <legend data-i18n=\"payment\">Card</legend>\n      \
<div id=\"card-frame\" data-frame-url=\"{}\"></div>\n      \
<p class=\"error\" id=\"card-error\" role=\"alert\"></p>\n      \
<p class=\"hint\" data-i18n=\"test-cards\">Demo: any valid test card is approved, e.g. 4242 4242 4242 4242; 4000 0000 0000 0002 is declined.</p>\n    ",
        html::escape(frame_url)
    );
    let page = format!("{}{}{}", &template[..start], slot, &template[end..])
        .replace(
            "<script type=\"module\" src=\"/static/app.js\" integrity=\"{{sri:/static/app.js}}\"></script>",
            "<script type=\"module\" src=\"/static/app-frame.js\" integrity=\"{{sri:/static/app-frame.js}}\"></script>",
        )
        .replace("{{preloads}}", "<link rel=\"modulepreload\" href=\"/pkg/frame.js\" integrity=\"{{sri:/pkg/frame.js}}\">")
        .replace("<meta name=\"cardseal-wasm-integrity\" content=\"{{sri:/pkg/cardseal_bg.wasm}}\">\n", "")
        .replace("data-cardseal=\"name\" autocomplete=\"cc-name\"", "data-cardseal=\"name\" autocomplete=\"name\"");
    if !page.contains("/static/app-frame.js") {
        return Err("index.html: the app.js script tag was not found".to_owned());
    }
    let csp = super::CSP.replace(
        "default-src 'self';",
        &format!("default-src 'self'; frame-src {origin};"),
    );
    let csp = axum::http::HeaderValue::from_str(&csp).map_err(|e| format!("--frame-url: {e}"))?;
    Ok((render_index(&page, files, public_key)?, csp))
}
