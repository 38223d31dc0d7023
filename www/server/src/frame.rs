//! The card frame of secure-fields mode (issue 15), served by the processor (the key
//! holder) on its own origin when it is started with `--frame DIR`:
//!
//! - `GET /frame/` the frame page, its configuration filled in: the holder's public key
//!   (`--public-key`, the JWK of the processor's own key), the holder's name
//!   (`--holder`), the shop origins allowed to embed it (`--frame-origins`, space or comma
//!   separated) and the locale (`--frame-locale`, default `en`);
//! - `GET /frame/frame.js`, `/frame/frame.css`, and the package's `/pkg/index.js` and
//!   `/pkg/cardseal_bg.wasm` (from `--pkg`);
//! - `GET /key` the key page the frame's "Sealed for … · key …" line links to: the public
//!   key and its kid (the JWK thumbprint).
//!
//! Every response carries a CSP as strict as the shop's, except `frame-ancestors`, which
//! lists the allowed origins (the frame page re-checks each message's origin). No cookies.

use crate::args::Args;
use crate::html::escape;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::Path;

/// The frame's CSP, `{{ancestors}}` filled with the allowed origins.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors {{ancestors}}; \
form-action 'none'; require-trusted-types-for 'script'";

/// The frame's routes, or none without `--frame`.
pub fn routes(args: &Args) -> Result<Option<Router>, String> {
    let Some(dir) = args.opt("frame") else {
        return Ok(None);
    };
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let dir = Path::new(dir);
    let pkg = Path::new(args.get("pkg")?);
    let key_file = args.get("public-key")?;
    let jwk = std::fs::read_to_string(key_file).map_err(|e| format!("{key_file}: {e}"))?;
    let kid = serde_json::from_str::<serde_json::Value>(&jwk)
        .ok()
        .and_then(|v| v.get("kid").and_then(|k| k.as_str()).map(str::to_owned))
        .ok_or_else(|| format!("{key_file}: a JWK with a kid expected"))?;
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
    for o in &origins {
        let ok = (o.starts_with("http://") || o.starts_with("https://"))
            && o.split_once("://")
                .is_some_and(|(_, h)| !h.is_empty() && !h.contains('/'))
            && o.bytes()
                .all(|b| b.is_ascii_graphic() && b != b';' && b != b'\'');
        if !ok {
            return Err(format!("--frame-origins: {o:?} is not an origin"));
        }
    }
    if origins.is_empty() {
        return Err("--frame-origins: at least one origin".to_owned());
    }
    let locale = args.opt("frame-locale").unwrap_or("en").to_owned();
    let csp = HeaderValue::from_str(&CSP.replace("{{ancestors}}", &origins.join(" ")))
        .map_err(|e| format!("--frame-origins: {e}"))?;
    let page = String::from_utf8(read(&dir.join("index.html"))?)
        .map_err(|e| format!("frame page: {e}"))?
        .replace("{{public-key}}", &escape(jwk.trim()))
        .replace("{{holder}}", &escape(&holder))
        .replace("{{origins}}", &escape(&origins.join(" ")))
        .replace("{{locale}}", &escape(&locale));
    let key_page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{h}: public key</title></head>\
<body><h1>{h}: the card frame's public key</h1><p>Key id (the JWK's RFC 7638 SHA-256 thumbprint): \
<code id=\"kid\">{k}</code></p><p>The frame seals every card for this key only. Compare the first 8 \
characters with the frame's \"key\" line.</p><pre id=\"jwk\">{j}</pre></body></html>",
        h = escape(&holder),
        k = escape(&kid),
        j = escape(jwk.trim())
    );
    let file = |bytes: Vec<u8>, kind: &'static str, csp: HeaderValue| {
        move || {
            let (bytes, csp) = (bytes.clone(), csp.clone());
            async move { with_headers(([(header::CONTENT_TYPE, kind)], bytes).into_response(), csp) }
        }
    };
    let page_csp = csp.clone();
    let key_csp = csp.clone();
    Ok(Some(
        Router::new()
            .route(
                "/frame/",
                get(move || {
                    let (page, csp) = (page.clone(), page_csp.clone());
                    async move { with_headers(Html(page).into_response(), csp) }
                }),
            )
            .route(
                "/key",
                get(move || {
                    let (page, csp) = (key_page.clone(), key_csp.clone());
                    async move { with_headers(Html(page).into_response(), csp) }
                }),
            )
            .route(
                "/frame/frame.js",
                get(file(
                    read(&dir.join("frame.js"))?,
                    "text/javascript",
                    csp.clone(),
                )),
            )
            .route(
                "/frame/frame.css",
                get(file(read(&dir.join("frame.css"))?, "text/css", csp.clone())),
            )
            .route(
                "/pkg/index.js",
                get(file(
                    read(&pkg.join("index.js"))?,
                    "text/javascript",
                    csp.clone(),
                )),
            )
            .route(
                "/pkg/cardseal_bg.wasm",
                get(file(
                    read(&pkg.join("cardseal_bg.wasm"))?,
                    "application/wasm",
                    csp,
                )),
            ),
    ))
}

/// The frame's CSP and friends; never cached.
fn with_headers(mut res: Response, csp: HeaderValue) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    crate::headers::harden(h);
    res
}
