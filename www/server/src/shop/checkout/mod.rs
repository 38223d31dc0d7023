//! `POST /checkout`: read the form, check that it came from the shop's own page (its
//! origin and CSRF token, [`super::doors`]), store the order, relay the JWE to a processor,
//! record its decision and show it. A step that refuses ends the request with its
//! refusal page ([`refusals`]). An order ends `approved`, `declined` or `failed` (no
//! processor gave a decision; the reason is kept with it), or is removed when a
//! processor refused its JWE (nothing was opened, so nothing stays stored).

mod authorize;
mod form;
mod refusals;

use super::doors;
use super::{total, Shop};
use crate::html::{self, Lang, Outcome};
use crate::store;
use authorize::{authorize, Decision, NoDecision};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use form::{jwe_header, CheckoutForm, JweHeader};
use refusals::{
    refuse, Refusal, BAD_FORM, CROSS_ORIGIN, FAILED, GARBLED, MISSING, NO_TOKEN, REPLAYED,
    TOO_LARGE, WRONG_KEY,
};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Why a checkout stopped short of a decision.
enum Stop {
    /// A refusal page in the shopper's language, and the reason to log.
    Refused(Lang, &'static Refusal, String),
    /// The order could not be stored (logged where it happened).
    Storage,
}

impl Stop {
    fn refused(lang: Lang, refusal: &'static Refusal, why: impl Into<String>) -> Self {
        Stop::Refused(lang, refusal, why.into())
    }
}

/// The checkout post: the confirmation page, or the refusal of the step that stopped.
pub(super) async fn checkout(
    State(shop): State<Arc<Shop>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match place_order(&shop, &headers, body).await {
        Ok(page) => page,
        Err(Stop::Refused(lang, refusal, why)) => refuse(&shop, lang, refusal, &why),
        Err(Stop::Storage) => (StatusCode::INTERNAL_SERVER_ERROR, "storage error").into_response(),
    }
}

/// The steps of a checkout.
async fn place_order(
    shop: &Shop,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Stop> {
    let form = read_form(body)?;
    let lang = form.lang();
    // Only the shop's own page, in this browser, places an order: before anything is
    // read from the JWE, stored or relayed.
    doors::same_origin(doors::own_origin(shop, headers).as_deref(), headers)
        .map_err(|_| Stop::refused(lang, &CROSS_ORIGIN, "a cross-origin post"))?;
    doors::csrf_ok(headers, form.csrf_token())
        .map_err(|_| Stop::refused(lang, &NO_TOKEN, "no CSRF token, or not this browser's"))?;
    let jwe = form
        .jwe()
        .ok_or_else(|| Stop::refused(lang, &MISSING, "no JWE"))?;
    let header =
        jwe_header(jwe).ok_or_else(|| Stop::refused(lang, &GARBLED, "not a compact JWE"))?;
    // The shop pins its processor's key by its thumbprint, which is the kid cardseal
    // writes (never a JWK's own kid): a JWE sealed for any other key (a changed key
    // setting, a key injected into the page), even one whose JWK carried the processor's
    // kid, is refused here, stored nowhere and relayed nowhere.
    if header.kid != shop.kid {
        return Err(Stop::refused(lang, &WRONG_KEY, "sealed for another kid"));
    }
    let address = form
        .shipping_address()
        .ok_or_else(|| Stop::refused(lang, &BAD_FORM, "an address field is too long"))?;
    let id = store_order(shop, lang, &header, &address).await?;
    // The relays take turns across the processors.
    let first = shop.next_processor.fetch_add(1, Ordering::Relaxed);
    let decision = match authorize(&shop.processors, &shop.api_key, first, jwe).await {
        Ok(decision) => decision,
        Err(NoDecision::Refused(refusal, why)) => {
            // The JWE was refused, nothing was opened: nothing stays stored half-way.
            let _ = store::remove(&*shop.db.lock().await, id);
            return Err(Stop::Refused(lang, refusal, why));
        }
        Err(NoDecision::Failed(code, why)) => {
            // No decision: the order stays, marked, never lost or left pending.
            if let Err(e) = store::fail(&*shop.db.lock().await, id, code) {
                eprintln!("shop: cannot mark order {id} failed: {e}");
            }
            eprintln!("shop: order {id} failed ({code})");
            return Err(Stop::Refused(lang, &FAILED, why));
        }
    };
    Ok(confirm(shop, lang, id, &decision, &form, &address).await)
}

/// The body as a form. Refusals here are in English: the language is in the form.
fn read_form(body: Result<Bytes, BytesRejection>) -> Result<CheckoutForm, Stop> {
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(Stop::refused(Lang::En, &TOO_LARGE, "body over the limit"))
        }
        Err(_) => return Err(Stop::refused(Lang::En, &BAD_FORM, "body unreadable")),
    };
    CheckoutForm::parse(&body).ok_or_else(|| Stop::refused(Lang::En, &BAD_FORM, "not a form"))
}

/// Stores the order before the processor sees the JWE: its `jti` buys one order only.
/// The store's `contact` column holds the shipping address alone: the shopper's name,
/// email and phone are in the JWE, for the processor.
async fn store_order(
    shop: &Shop,
    lang: Lang,
    header: &JweHeader,
    address: &str,
) -> Result<i64, Stop> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let order = store::NewOrder {
        created_at: now,
        kid: &header.kid,
        jti: &header.jti,
        total: total(),
        currency: "IDR",
        contact: address,
    };
    let stored = store::insert(&*shop.db.lock().await, &order);
    match stored {
        Ok(id) => Ok(id),
        Err(store::InsertError::Replayed) => Err(Stop::refused(
            lang,
            &REPLAYED,
            "jti already used by an order",
        )),
        Err(store::InsertError::Db(e)) => {
            eprintln!("shop: cannot store an order: {e}");
            Err(Stop::Storage)
        }
    }
}

/// Records the processor's decision with the card summary, and shows it.
async fn confirm(
    shop: &Shop,
    lang: Lang,
    id: i64,
    decision: &Decision,
    form: &CheckoutForm,
    address: &str,
) -> Response {
    let approved = decision.approved();
    let (brand, last4) = decision.summary(form.brand(), form.last4());
    if let Err(e) = store::decide(&*shop.db.lock().await, id, approved, brand, last4) {
        eprintln!("shop: cannot record the decision of order {id}: {e}");
    }
    eprintln!(
        "shop: order {id} {} ({} ****{})",
        decision.status,
        brand.unwrap_or("unknown brand"),
        last4.unwrap_or("????")
    );
    let page = html::confirmation(
        lang,
        &shop.style_sri,
        &Outcome {
            order: id,
            approved,
            brand,
            last4,
            total: total(),
            address,
        },
    );
    Html(page).into_response()
}
