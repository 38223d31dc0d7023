//! The payment processor: holds the private key, opens each JWE with `cardseal-open`,
//! and "authorises" by a documented test rule.
//!
//! `POST /authorize` with `{"jwe": "…"}` answers `200 {"status", "brand", "last4"}` with
//! status `approved` or `declined`, or a 4xx `{"error": CODE}` with the opener's refusal
//! code (`REPLAYED` is 409), or `503 {"error": "REPLAY_STORE_UNAVAILABLE"}` while the
//! replay store cannot answer (nothing is opened then). It logs one line per request:
//! the outcome, the `jti`, the last 4 digits and which contact fields came; never a
//! field's value beyond the last 4.
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

use crate::args::Args;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use cardseal_open::{
    MemoryReplayStore, OpenError, Opener, PrivateKey, RedisReplayStore, ReplayStore, MAX_JWE_LEN,
};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use zeroize::Zeroizing;

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
    let pem =
        Zeroizing::new(std::fs::read_to_string(key_file).map_err(|e| format!("{key_file}: {e}"))?);
    let key = PrivateKey::import(&pem).map_err(|e| format!("{key_file}: {}", e.code()))?;
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
    let app = Router::new()
        .route("/authorize", post(authorize))
        .layer(DefaultBodyLimit::max(MAX_JWE_LEN + 1024))
        .with_state(opener);
    let app = match crate::frame::routes(&args)? {
        Some(frame) => app.merge(frame),
        None => app,
    };
    let listener = crate::bind("processor", args.get("listen")?).await?;
    eprintln!("processor: with {shared}");
    axum::serve(listener, app)
        .with_graceful_shutdown(crate::shutdown_signal())
        .await
        .map_err(|e| format!("processor: {e}"))
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
