//! The shop: serves the checkout page and the npm package under a strict CSP, stores
//! orders, and relays each sealed checkout to the processor. It holds only the public
//! key, and it never logs a request body.
//!
//! `/setup` is the merchant's key onboarding page: a key pasted there is checked in the
//! browser by the package (`keyInfo`), under the same CSP, and never sent to any server
//! (the page has no form and makes no request of its own after loading).
//!
//! Its doors: a post is taken only from the shop's own pages ([`doors`]: the `Origin`
//! and `Sec-Fetch-Site` checks, and the checkout's CSRF token); `/orders` only by staff
//! who logged in ([`staff`]); the processor's API only with the shop's API key
//! (`--processor-key-file`, sent by the relay).
//!
//! Here are the routes and the small pages; [`assets`] reads the served files and fills
//! the page templates; [`checkout`] takes the checkout post.

mod assets;
mod checkout;
mod doors;
mod staff;

use crate::args::Args;
use crate::html::{self, Lang};
use crate::store;
use assets::{load_files, render_index, render_setup, sri_of, Files, Page};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use checkout::checkout;
use rusqlite::Connection;
use std::net::SocketAddr;
use std::path::Path as FsPath;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use tokio::sync::Mutex;

/// The Content-Security-Policy of every response; a page that runs script adds its import
/// map's hash to `script-src` ([`assets`]).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
form-action 'self'; require-trusted-types-for 'script'";

/// The largest checkout post accepted: a JWE of every field is a few KB.
const MAX_BODY: usize = 32 * 1024;

/// The demo cart: (item, quantity, unit price in rupiah). The page and the order total
/// both come from here, never from the shopper's post.
const CART: &[(&str, i64, i64)] = &[
    ("Kopi Gayo, 250 g", 2, 95_000),
    ("Pour-over dripper", 1, 185_000),
];
/// Shipping, in rupiah.
const SHIPPING: i64 = 20_000;

fn total() -> i64 {
    CART.iter().map(|(_, q, p)| q * p).sum::<i64>() + SHIPPING
}

/// What every handler shares.
struct Shop {
    db: Mutex<Connection>,
    /// the processors' addresses (at least one)
    processors: Vec<String>,
    /// which processor the next relay goes to first (modulo their number)
    next_processor: AtomicUsize,
    /// the checkout page, filled in
    index: Page,
    /// the key setup page, filled in
    setup: Page,
    /// the checkout in frame mode (`/?mode=frame`), with `--frame-url`
    frame: Option<Page>,
    /// the pinned kid, the RFC 7638 thumbprint of the processor's key (`--pin-kid`, else
    /// that of `--public-key`): JWEs sealed for any other key are refused before they are
    /// stored or relayed
    kid: String,
    /// the SRI value of the stylesheet, for the pages made per request
    style_sri: String,
    files: Files,
    /// the shop's API key for the processors (`--processor-key-file`)
    api_key: zeroize::Zeroizing<String>,
    /// the shop's own origin (`--origin`); without it, `http://` and the request's Host
    origin: Option<String>,
    /// the staff login (`--staff-password-file`); without it `/orders` stays closed
    staff: Option<staff::Staff>,
}

impl Shop {
    /// Whether cookies get `Secure`: when the shop's origin is https.
    fn secure_cookies(&self) -> bool {
        self.origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }
}

/// Runs the shop until stopped.
pub async fn main(args: Args) -> Result<(), String> {
    let data = FsPath::new(args.get("data")?);
    std::fs::create_dir_all(data).map_err(|e| format!("{}: {e}", data.display()))?;
    let db = store::open(&data.join("shop.sqlite3"))?;
    let files = load_files(FsPath::new(args.get("www")?), FsPath::new(args.get("pkg")?))?;
    let key_file = args.get("public-key")?;
    let public_key = std::fs::read_to_string(key_file).map_err(|e| format!("{key_file}: {e}"))?;
    if cardseal_open::looks_private(&public_key) {
        return Err(format!(
            "{key_file} is a private key; the shop gets the public one"
        ));
    }
    let kid = pinned_kid(args.opt("pin-kid"), &public_key, key_file)?;
    let template = |name: &str| {
        std::fs::read_to_string(FsPath::new(args.get("www")?).join(name))
            .map_err(|e| format!("{name}: {e}"))
    };
    let index = render_index(&template("index.html")?, &files, public_key.trim())?;
    let setup = render_setup(&template("setup.html")?, &files)?;
    let style_sri = sri_of(&files, "/static/style.css")?;
    let frame = match args.opt("frame-url") {
        Some(url) => Some(assets::render_frame_index(
            &template("index.html")?,
            &files,
            public_key.trim(),
            url,
        )?),
        None => None,
    };
    if !index.contains(doors::CSRF_SLOT) {
        return Err(format!(
            "index.html: the checkout form has no {} input",
            doors::CSRF_FIELD
        ));
    }
    let origin = match args.opt("origin") {
        Some(o) if is_origin(o) => Some(o.trim_end_matches('/').to_ascii_lowercase()),
        Some(o) => return Err(format!("--origin {o:?}: http(s)://HOST[:PORT] expected")),
        None => None,
    };
    let api_key = crate::secret::read("processor-key-file", args.get("processor-key-file")?)?;
    let staff = match args.opt("staff-password-file") {
        Some(f) => Some(staff::Staff::new(&crate::secret::read(
            "staff-password-file",
            f,
        )?)),
        None => None,
    };
    let shop = Arc::new(Shop {
        db: Mutex::new(db),
        processors: processors(args.get("processor")?)?,
        next_processor: AtomicUsize::new(0),
        index,
        setup,
        frame,
        kid,
        style_sri,
        files,
        api_key,
        origin,
        staff,
    });
    let app = Router::new()
        .route("/", get(checkout_page))
        .route("/setup", get(setup_page))
        .route("/checkout", post(checkout))
        .route("/orders", get(staff::orders))
        .route("/login", get(staff::login_page).post(staff::login))
        .route("/logout", post(staff::logout))
        .route("/static/{*path}", get(file))
        .route("/pkg/{*path}", get(file))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(shop);
    let listener = crate::bind("shop", args.get("listen")?).await?;
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(crate::shutdown_signal())
    .await
    .map_err(|e| format!("shop: {e}"))
}

/// The kid the checkout pins: `--pin-kid`, the thumbprint the processor published, kept
/// apart from the key setting (`--public-key`, the key the page seals with) so that a
/// changed setting is caught too; without it, the setting's own thumbprint, which still
/// catches a key injected into the page. A setting that is not the pinned key is said at
/// start: every checkout would be refused.
fn pinned_kid(pin: Option<&str>, public_key: &str, key_file: &str) -> Result<String, String> {
    let setting =
        cardseal::PublicKey::import(public_key.trim()).map_err(|e| format!("{key_file}: {e}"))?;
    let Some(pin) = pin else {
        return Ok(setting.kid().to_owned());
    };
    let thumbprint = pin.len() == 43 && cardseal::b64::decode_url_strict(pin.as_bytes()).is_some();
    if !thumbprint {
        return Err(format!(
            "--pin-kid {pin:?}: an RFC 7638 thumbprint (43 base64url characters) expected"
        ));
    }
    if setting.kid() != pin {
        eprintln!(
            "shop: {key_file} is key {}, not the pinned {pin}: every checkout will be refused",
            setting.kid()
        );
    }
    Ok(pin.to_owned())
}

/// `--processor ADDR[,ADDR…]`: one address or several, comma-separated.
fn processors(list: &str) -> Result<Vec<String>, String> {
    let all: Vec<String> = list.split(',').map(|a| a.trim().to_owned()).collect();
    if all.iter().any(String::is_empty) {
        return Err(format!("--processor {list:?}: ADDR[,ADDR…] expected"));
    }
    Ok(all)
}

/// Whether `o` is an `http(s)://host[:port]` origin.
fn is_origin(o: &str) -> bool {
    let o = o.trim_end_matches('/');
    o.split_once("://").is_some_and(|(scheme, host)| {
        matches!(scheme, "http" | "https")
            && !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
    })
}

/// CSP and friends on every response; pages are never cached.
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    // A page that set its own (a page's CSP allows its import map by hash) keeps it.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    crate::headers::harden(h);
    res
}

/// `GET /`: the in-page checkout, or with `?mode=frame` (and `--frame-url`) the checkout
/// whose card fields are the processor's frame, under a CSP that allows that frame. Either
/// carries this browser's CSRF token in its form, and sets the cookie when it is new.
async fn checkout_page(
    State(shop): State<Arc<Shop>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    let frame_mode = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "mode=frame"));
    let (token, set_cookie) = match doors::csrf_token(&shop, &headers) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("shop: {e}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let page = match (&shop.frame, frame_mode) {
        (Some(page), true) => page,
        _ => &shop.index,
    };
    let mut res = page.respond_filled(doors::CSRF_SLOT, &token);
    if let Some(c) = set_cookie {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

async fn setup_page(State(shop): State<Arc<Shop>>) -> Response {
    shop.setup.respond()
}

async fn file(State(shop): State<Arc<Shop>>, uri: axum::http::Uri, _p: Path<String>) -> Response {
    match shop.files.get(uri.path()) {
        Some((kind, bytes)) => ([(header::CONTENT_TYPE, *kind)], bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn not_found(State(shop): State<Arc<Shop>>) -> Response {
    let page = html::refusal(
        Lang::En,
        &shop.style_sri,
        "Not found",
        "There is no page here.",
    );
    (StatusCode::NOT_FOUND, Html(page)).into_response()
}
