//! The card frame of secure-fields mode (issue 15), served by the processor (the key
//! holder) on its own origin when it is started with `--frame DIR`:
//!
//! - `GET /frame/` the frame page, its configuration filled in: the holder's key, inline
//!   (the JWK of `--public-key`), or with `--frame-jwks PATH` the URL of the holder's own
//!   JWKS on this origin (and the key's kid, its RFC 7638 thumbprint, so the frame pins
//!   one key of the set by what it is); the
//!   holder's name (`--holder`), the shop origins allowed to embed it (`--frame-origins`,
//!   space or comma separated) and the locale (`--frame-locale`, default `en`);
//! - `GET /frame/frame.js`, `/frame/frame.css`, and the package's `/pkg/index.js`,
//!   `/pkg/frame-protocol.js` and `/pkg/cardseal_bg.wasm` (from `--pkg`);
//! - `GET /.well-known/jwks.json` (or `--frame-jwks PATH`) the holder's JWKS: the public
//!   key, as a set of one;
//! - `GET /key` the key page the frame's "Sealed for … · key …" line links to
//!   (`key.html`): the public key, its kid (the RFC 7638 thumbprint, computed here from
//!   the key, never copied from the JWK's own `kid`, which is shown beside it, marked as
//!   not pinning, when it differs), the JWKS link, and how a shopper or an auditor checks
//!   them, in English and Indonesian.
//!
//! Every response carries a CSP as strict as the shop's, except `frame-ancestors`, which
//! lists the allowed origins (the frame page re-checks each message's origin); the frame
//! page's allows its import map by hash, which pins every module it runs. No cookies.

use crate::args::Args;
use crate::html::escape;
use crate::sri::{self, Scripts};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::Path;

/// The frame's CSP, `{{ancestors}}` filled with the allowed origins.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors {{ancestors}}; \
form-action 'none'; require-trusted-types-for 'script'";

/// The frame page's scripts, each module pinned by the page (see [`Scripts`]); the key
/// page runs none.
const FRAME_SCRIPTS: Scripts = Scripts {
    entry: "/frame/frame.js",
    imports: &["/pkg/index.js", "/pkg/frame-protocol.js"],
};

/// Where the JWKS is served without `--frame-jwks`.
const JWKS_PATH: &str = "/.well-known/jwks.json";

/// Whether `o` is an `http(s)://host[:port]` origin, safe inside a CSP.
fn is_origin(o: &str) -> bool {
    (o.starts_with("http://") || o.starts_with("https://"))
        && o.split_once("://")
            .is_some_and(|(_, h)| !h.is_empty() && !h.contains('/'))
        && o.bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b'\'')
}

/// Whether `p` is an absolute path on this origin (not `//host`), plain enough for a URL.
fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_'))
}

/// The frame's routes, or none without `--frame`.
pub fn routes(args: &Args) -> Result<Option<Router>, String> {
    let Some(dir) = args.opt("frame") else {
        return Ok(None);
    };
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let text = |p: &Path| String::from_utf8(read(p)?).map_err(|e| format!("{}: {e}", p.display()));
    let dir = Path::new(dir);
    let pkg = Path::new(args.get("pkg")?);
    let key_file = args.get("public-key")?;
    let jwk = std::fs::read_to_string(key_file).map_err(|e| format!("{key_file}: {e}"))?;
    let jwk = jwk.trim();
    let key = cardseal::PublicKey::import(jwk).map_err(|e| format!("{key_file}: {e}"))?;
    if key.format() != cardseal::KeyFormat::Jwk {
        return Err(format!(
            "{key_file}: a JWK expected (it is served as the JWKS)"
        ));
    }
    // What every JWE sealed to this key carries, and what the frame and its key line pin.
    let kid = key.kid().to_owned();
    let holder = args
        .opt("holder")
        .unwrap_or("the payment processor")
        .to_owned();
    let origins: Vec<String> = args
        .get("frame-origins")?
        .split([' ', ','])
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(o) = origins.iter().find(|o| !is_origin(o)) {
        return Err(format!("--frame-origins: {o:?} is not an origin"));
    }
    if origins.is_empty() {
        return Err("--frame-origins: at least one origin".to_owned());
    }
    let jwks_mode = args.opt("frame-jwks");
    let jwks_path = jwks_mode.unwrap_or(JWKS_PATH).to_owned();
    if !is_local_path(&jwks_path) || jwks_path.starts_with("/frame/") || jwks_path == "/key" {
        return Err(format!(
            "--frame-jwks: {jwks_path:?} is not a free path on this origin"
        ));
    }
    let locale = args.opt("frame-locale").unwrap_or("en").to_owned();
    let csp = HeaderValue::from_str(&CSP.replace("{{ancestors}}", &origins.join(" ")))
        .map_err(|e| format!("--frame-origins: {e}"))?;
    // Inline: the key in the page. JWKS: the page names the set (same origin) and the kid.
    let (inline, jwks_url, pinned) = match jwks_mode {
        Some(_) => ("", jwks_path.as_str(), kid.as_str()),
        None => (jwk, "", ""),
    };
    const HTML: &str = "text/html; charset=utf-8";
    const JS: &str = "text/javascript";
    const CSS: &str = "text/css";
    // The files the frame page loads: URL, type, bytes; their SRI values pin them.
    let files = [
        ("/frame/frame.js", JS, read(&dir.join("frame.js"))?),
        ("/frame/frame.css", CSS, read(&dir.join("frame.css"))?),
        ("/frame/key.css", CSS, read(&dir.join("key.css"))?),
        ("/pkg/index.js", JS, read(&pkg.join("index.js"))?),
        (
            "/pkg/frame-protocol.js",
            JS,
            read(&pkg.join("frame-protocol.js"))?,
        ),
        (
            "/pkg/cardseal_bg.wasm",
            "application/wasm",
            read(&pkg.join("cardseal_bg.wasm"))?,
        ),
    ];
    let sri_of = |url: &str| {
        files
            .iter()
            .find(|f| f.0 == url)
            .map(|f| sri::sha384(&f.2))
            .ok_or_else(|| format!("{url}: not served by the frame"))
    };
    let scripts = FRAME_SCRIPTS.render(sri_of)?;
    let page_csp = sri::allow_script(
        &CSP.replace("{{ancestors}}", &origins.join(" ")),
        &scripts.csp_source,
    )?;
    let page_csp = HeaderValue::from_str(&page_csp).map_err(|e| format!("--frame-origins: {e}"))?;
    // The template's own placeholders first, then the configuration's values.
    let page = sri::fill(&text(&dir.join("index.html"))?, sri_of)?
        .replace("{{scripts}}", &scripts.html)
        .replace("{{public-key}}", &escape(inline))
        .replace("{{jwks}}", &escape(jwks_url))
        .replace("{{kid}}", &escape(pinned))
        .replace("{{holder}}", &escape(&holder))
        .replace("{{origins}}", &escape(&origins.join(" ")))
        .replace("{{locale}}", &escape(&locale));
    let key_page = text(&dir.join("key.html"))?
        .replace("{{holder}}", &escape(&holder))
        .replace("{{kid8}}", &escape(kid.get(..8).unwrap_or(&kid)))
        .replace("{{kid}}", &escape(&kid))
        .replace("{{jwk-kid}}", &own_kid(key.jwk_kid(), &kid))
        .replace("{{jwks}}", &escape(&jwks_path))
        .replace("{{jwk}}", &escape(jwk));
    let jwks = format!("{{\"keys\":[{jwk}]}}");
    let serve = |bytes: Vec<u8>, kind: &'static str, csp: &HeaderValue| {
        let csp = csp.clone();
        get(move || {
            let (bytes, csp) = (bytes.clone(), csp.clone());
            async move { with_headers(([(header::CONTENT_TYPE, kind)], bytes).into_response(), csp) }
        })
    };
    let mut router = Router::new()
        .route("/frame/", serve(page.into_bytes(), HTML, &page_csp))
        .route("/key", serve(key_page.into_bytes(), HTML, &csp))
        .route(
            &jwks_path,
            serve(jwks.into_bytes(), "application/json", &csp),
        );
    for (url, kind, bytes) in files {
        router = router.route(url, serve(bytes, kind, &csp));
    }
    Ok(Some(router))
}

/// The key page's row for a JWK's own `kid` that is not its thumbprint: shown, and said
/// not to pin. Empty when there is none, or when it is the thumbprint.
fn own_kid(own: Option<&str>, kid: &str) -> String {
    match own {
        Some(own) if own != kid => format!(
            "<dt>The JWK's own <code>kid</code> member · <code>kid</code> bawaan JWK</dt>\n    \
             <dd><code id=\"jwk-kid\">{}</code><br>Not what pins: anyone can write any \
             <code>kid</code> into a JWK. Sealed cards name the key by its thumbprint, the \
             key id above; compare that. · Bukan yang dipin: siapa pun dapat menulis \
             <code>kid</code> apa saja ke JWK. Kartu tersegel menyebut kunci dengan \
             thumbprint-nya, ID kunci di atas; bandingkan itu.</dd>",
            escape(own)
        ),
        _ => String::new(),
    }
}

/// The frame's CSP and friends; never cached.
fn with_headers(mut res: Response, csp: HeaderValue) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    crate::headers::harden(h);
    res
}

#[cfg(test)]
mod tests {
    use super::{is_local_path, is_origin};

    #[test]
    fn frame_origins_are_origins_and_nothing_that_could_bend_the_csp() {
        for ok in [
            "http://127.0.0.1:8080",
            "https://shop.example",
            "https://a.b:443",
        ] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in [
            "shop.example",
            "https://",
            "https://shop.example/",
            "https://shop.example/path",
            "https://shop.example; script-src *",
            "https://shop.example'",
            "javascript:alert(1)",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn the_jwks_path_stays_on_the_frame_origin() {
        for ok in ["/.well-known/jwks.json", "/keys/jwks.json"] {
            assert!(is_local_path(ok), "{ok}");
        }
        for bad in [
            "//evil.example/jwks.json",
            "https://evil.example/jwks.json",
            "jwks.json",
            "/jwks.json?x=1",
            "/a b",
            "/\"x",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
