//! The payment processor: holds the private key, opens each JWE with `cardseal-open`,
//! and "authorises" by a documented test rule.
//!
//! Two listeners, two origins: `--listen` serves the public card frame (with
//! `--frame-config`, the release of `cardseal frame build`; see [`crate::frame`]), `--api-listen` serves the API, `POST /authorize`, to the shop
//! alone. Every API request must carry the shop's API key (`--api-key-file`) as
//! `Authorization: Bearer KEY`; one without it, or with another, is answered
//! `401 {"error": "UNAUTHORIZED"}` before its body is read: no JWE parsing, no RSA work.
//! Requests are rate-limited ([`crate::ratelimit`]): the shop's credential to
//! `--api-rate` a second with bursts of `--api-burst` (defaults [`DEFAULT_RATE`],
//! [`DEFAULT_BURST`]), and refused requests per client address at the same rate, so
//! guessing the key is as slow; past the limit the answer is
//! `429 {"error": "RATE_LIMITED"}` with `Retry-After`.
//!
//! `POST /authorize` with `{"jwe": "…"}` answers `200 {"status", "brand", "last4"}` with
//! status `approved` or `declined`, or a 4xx `{"error": CODE}` with the opener's refusal
//! code (`REPLAYED` is 409), or `503 {"error": "REPLAY_STORE_UNAVAILABLE"}` while the
//! replay store cannot answer (nothing is opened then). It logs one line per request:
//! the outcome, the `jti`, the last 4 digits and which contact fields came; never a
//! field's value beyond the last 4, never the API key.
//!
//! The JWE holds the shopper's contact too (name, email, phone): what a processor needs
//! for 3-D Secure 2 and to send the receipt. The processor keeps them to itself: the
//! answer does not echo the email (or anything of the contact) to the shop, so the shop
//! never holds it, not even for the confirmation page; the receipt is the processor's to
//! send (the demo sends none).
//!
//! With `--replay-store URL` (or `CARDSEAL_REPLAY_STORE=URL`: `redis://`, `rediss://` or
//! `redis+sentinel://`, see `RedisReplayStore::new`) several processors share one replay
//! guard (`RedisReplayStore`), so a JWE opened by one is a replay on every other; without
//! it each keeps its own in memory.
//!
//! The private key file is read with [`cardseal_open::read_key_file`]: one that every
//! user of the machine may read is refused unless `--allow-world-readable-key` is given
//! (for the repository's test keys).

use crate::args::Args;
use crate::ratelimit::{Limiter, Rate};
use crate::secret;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use cardseal_open::{
    MemoryReplayStore, OpenError, Opener, PrivateKey, RedisReplayStore, ReplayStore, MAX_JWE_LEN,
};
use serde::Deserialize;
use serde_json::json;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

/// API requests a second the shop's credential may make, by default.
pub const DEFAULT_RATE: u32 = 50;
/// How many API requests may come at once, by default.
pub const DEFAULT_BURST: u32 = 100;
/// The most client addresses whose refused requests are counted at once.
const MAX_ADDRESSES: usize = 10_000;

/// The test rule: every card is approved except this one, which is declined (the
/// well-known public "generic decline" test number).
pub const DECLINE_NUMBER: &str = "4000000000000002";

/// The request body.
#[derive(Deserialize)]
struct Authorize {
    jwe: String,
}

/// Runs the processor until stopped.
pub async fn main(args: Args) -> Result<(), String> {
    let key_file = args.get("private-key")?;
    let pem = cardseal_open::read_key_file(
        std::path::Path::new(key_file),
        args.flag("allow-world-readable-key"),
    )
    .map_err(|e| e.to_string())?;
    let key = PrivateKey::import(&pem).map_err(|e| format!("{key_file}: {}", e.code()))?;
    drop(pem);
    let api_key = secret::read("api-key-file", args.get("api-key-file")?)?;
    let rate = Rate {
        per_second: f64::from(args.num("api-rate", DEFAULT_RATE)?),
        burst: f64::from(args.num("api-burst", DEFAULT_BURST)?),
    };
    let gate = Arc::new(Gate {
        key: secret::Known::new(&api_key),
        shop: Limiter::new(rate, 1),
        refused: Limiter::new(rate, MAX_ADDRESSES),
        start: Instant::now(),
    });
    drop(api_key);
    // The URL may hold a password: from the environment it stays off the command line
    // (as with `cardseal open`). It is never printed.
    let url = args
        .opt("replay-store")
        .map(str::to_owned)
        .or_else(|| std::env::var("CARDSEAL_REPLAY_STORE").ok())
        .filter(|u| !u.is_empty());
    let store: Box<dyn ReplayStore + Send + Sync> = match &url {
        Some(url) => {
            Box::new(RedisReplayStore::new(url).map_err(|e| format!("--replay-store: {e}"))?)
        }
        None => Box::new(MemoryReplayStore::new()),
    };
    let shared = if url.is_some() {
        "a shared Redis replay store"
    } else {
        "an in-memory replay store"
    };
    let opener: Arc<SharedOpener> = Arc::new(Opener::new(key).with_store(store));
    let api = Router::new()
        .route("/authorize", post(authorize))
        .layer(DefaultBodyLimit::max(MAX_JWE_LEN + 1024))
        .with_state(opener)
        // Outermost: the credential and the rate are checked before the body is read.
        .layer(middleware::from_fn_with_state(gate, guard));
    // The public frame on its own listener and origin, first announced (the frame's
    // origin is the processor's public one); then the API.
    let frame = match (crate::frame::routes(&args)?, args.opt("listen")) {
        (Some(routes), Some(addr)) => Some((routes, crate::bind("processor", addr).await?)),
        (Some(_), None) => {
            return Err("--frame-config needs --listen ADDR to serve the frame on".to_owned())
        }
        (None, Some(_)) => return Err(
            "--listen serves the card frame: give --frame-config FILE too, or leave --listen out \
                 (the API is on --api-listen)"
                .to_owned(),
        ),
        (None, None) => None,
    };
    let api_listener = crate::bind("processor API", args.get("api-listen")?).await?;
    eprintln!("processor: with {shared}");
    let api = async {
        axum::serve(
            api_listener,
            api.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(crate::shutdown_signal())
        .await
        .map_err(|e| format!("processor API: {e}"))
    };
    let frame = async {
        match frame {
            Some((routes, listener)) => axum::serve(listener, routes)
                .with_graceful_shutdown(crate::shutdown_signal())
                .await
                .map_err(|e| format!("processor: {e}")),
            None => Ok(()),
        }
    };
    tokio::try_join!(api, frame).map(drop)
}

/// Who may use the API, and how fast.
struct Gate {
    /// the shop's API key, by digest
    key: secret::Known,
    /// the shop's credential's bucket
    shop: Limiter<()>,
    /// refused requests, by client address
    refused: Limiter<IpAddr>,
    start: Instant,
}

/// In front of every API route, before anything reads the body: the shop's credential
/// (a SHA-256 and a constant-time compare: cheap), then the rate. Refusals count against
/// the client's address, so a wrong key cannot lock the shop's own credential out.
async fn guard(
    State(gate): State<Arc<Gate>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let now = gate.start.elapsed().as_secs_f64();
    let ip = client.ip();
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim().as_bytes());
    if !presented.is_some_and(|key| gate.key.matches(key)) {
        if let Err(wait) = gate.refused.take(ip, now) {
            return too_many(wait);
        }
        eprintln!("processor: refused an API request from {ip} without the shop's API key");
        let mut res = refuse(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"cardseal-demo processor API\""),
        );
        return res;
    }
    if let Err(wait) = gate.shop.take((), now) {
        return too_many(wait);
    }
    next.run(request).await
}

/// `429 {"error": "RATE_LIMITED"}` with `Retry-After`.
fn too_many(wait: u64) -> Response {
    let mut res = refuse(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    res
}

/// The opener every request shares.
type SharedOpener = Opener<Box<dyn ReplayStore + Send + Sync>>;

async fn authorize(
    State(opener): State<Arc<SharedOpener>>,
    body: Result<Json<Authorize>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(Authorize { jwe })) = body else {
        eprintln!("processor: refused a request that is not {{\"jwe\": …}}");
        return refuse(StatusCode::BAD_REQUEST, "BAD_REQUEST");
    };
    let now = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs(),
        Err(_) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, "CLOCK"),
    };
    // RSA and the replay store's network round trips block: off the async thread.
    let opened = tokio::task::spawn_blocking(move || opener.open_detailed(&jwe, now)).await;
    let Ok(opened) = opened else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL");
    };
    let opened = match opened {
        Ok(o) => o,
        Err(e) => {
            eprintln!("processor: refused: {}", e.code());
            let status = match e {
                OpenError::Replayed => StatusCode::CONFLICT,
                OpenError::ReplayStoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return refuse(status, e.code());
        }
    };
    let Some(number) = opened.fields.number.as_deref() else {
        eprintln!(
            "processor: refused jti={}: no card number",
            opened.header.jti
        );
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "NO_CARD");
    };
    let brand = cardseal::validate::brands::detect(number).map(|b| b.id);
    let last4 = number.get(number.len().saturating_sub(4)..).unwrap_or("");
    let status = if number == DECLINE_NUMBER {
        "declined"
    } else {
        "approved"
    };
    // Which contact fields came (for 3-D Secure 2 and the receipt); never their values.
    let f = &opened.fields;
    let mut contact = [("name", &f.name), ("email", &f.email), ("phone", &f.phone)]
        .into_iter()
        .filter_map(|(k, v)| v.is_some().then_some(k))
        .collect::<Vec<_>>()
        .join(" ");
    if contact.is_empty() {
        contact.push_str("none");
    }
    eprintln!(
        "processor: {status} jti={} {} ****{last4}, contact: {contact}",
        opened.header.jti,
        brand.unwrap_or("unknown brand"),
    );
    Json(json!({ "status": status, "brand": brand, "last4": last4 })).into_response()
}

fn refuse(status: StatusCode, code: &str) -> Response {
    (status, Json(json!({ "error": code }))).into_response()
}
