//! The card frame of secure-fields mode (issue 15), served by the processor (the key
//! holder) on its own origin when it is started with `--frame-config frame.toml`: the
//! very release `cardseal frame build --config frame.toml` writes for a deployment
//! (crate `cardseal-frame`, in frame/), built here at start-up into memory and served
//! file by file with the release's own headers (the table nginx.conf is written from), so
//! the demo and a deployment cannot drift apart:
//!
//! - `GET /frame/<merchant>/` each merchant's frame page, its configuration baked in
//!   (`frame-ancestors` and the handshake's origins are that merchant's);
//! - `GET /frame/frame.js`, `/frame/frame.css`, … and the package's `/pkg/index.js` and
//!   `/pkg/cardseal_bg.wasm`, checked against the package's integrity.json;
//! - the JWKS (`/.well-known/jwks.json`, or the configured path);
//! - `GET /key` the key page the frame's "Sealed for … · key …" line links to.
//!
//! Anything else is 404, as nginx answers with the release's configuration. No cookies.

use crate::args::Args;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::Path;

/// The frame's routes, or none without `--frame-config`.
pub fn routes(args: &Args) -> Result<Option<Router>, String> {
    let Some(file) = args.opt("frame-config") else {
        return Ok(None);
    };
    let path = Path::new(file);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let config =
        cardseal_frame::Config::from_toml(&text, base).map_err(|e| format!("{file}: {e}"))?;
    let release = cardseal_frame::build(&config).map_err(|e| format!("{file}: {e}"))?;
    let mut router = Router::new();
    for f in release.files {
        let mut headers = Vec::new();
        for (name, value) in f.headers() {
            let value =
                HeaderValue::from_str(&value).map_err(|e| format!("{}: {name}: {e}", f.url))?;
            let name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("{name}: {e}"))?;
            headers.push((name, value));
        }
        let body = f.body;
        router = router.route(
            &f.url,
            get(move || {
                let (headers, body) = (headers.clone(), body.clone());
                async move {
                    let mut res = body.into_response();
                    let h = res.headers_mut();
                    for (name, value) in headers {
                        h.insert(name, value);
                    }
                    res
                }
            }),
        );
    }
    Ok(Some(router.fallback(not_found)))
}

/// What is not in the release: 404, with the headers every answer carries.
async fn not_found() -> Response {
    let mut res = (StatusCode::NOT_FOUND, "not found\n").into_response();
    crate::headers::harden(res.headers_mut());
    res
}
