//! The shop: serves the checkout page and the npm package under a strict CSP, stores
//! orders, and relays each sealed checkout to the processor. It holds only the public
//! key, and it never logs a request body.

use crate::args::Args;
use crate::html::{self, Lang, Outcome};
use crate::{relay, sri, store};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::path::Path as FsPath;
use std::sync::Arc;
use tokio::sync::Mutex;

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
form-action 'self'; require-trusted-types-for 'script'";

/// The largest checkout post accepted: a JWE of every field is a few KB.
const MAX_BODY: usize = 32 * 1024;
/// The longest contact or address value kept.
const MAX_TEXT: usize = 200;

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

struct Shop {
    db: Mutex<Connection>,
    processor: String,
    index: String,
    style_sri: String,
    /// URL path → (content type, bytes)
    files: HashMap<String, (&'static str, Bytes)>,
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
    let template = std::fs::read_to_string(FsPath::new(args.get("www")?).join("index.html"))
        .map_err(|e| format!("index.html: {e}"))?;
    let index = render_index(&template, &files, public_key.trim())?;
    let style_sri = sri_of(&files, "/static/style.css")?;
    let shop = Arc::new(Shop {
        db: Mutex::new(db),
        processor: args.get("processor")?.to_owned(),
        index,
        style_sri,
        files,
    });
    let app = Router::new()
        .route("/", get(checkout_page))
        .route("/checkout", post(checkout))
        .route("/orders", get(orders))
        .route("/static/{*path}", get(file))
        .route("/pkg/{*path}", get(file))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(shop);
    let listener = crate::bind("shop", args.get("listen")?).await?;
    axum::serve(listener, app)
        .with_graceful_shutdown(crate::shutdown_signal())
        .await
        .map_err(|e| format!("shop: {e}"))
}

/// The page's own files (`www/*.js|css`) under `/static/` and the npm package's
/// (`pkg/**`) under `/pkg/`, read once at start.
fn load_files(
    www: &FsPath,
    pkg: &FsPath,
) -> Result<HashMap<String, (&'static str, Bytes)>, String> {
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
fn sri_of(files: &HashMap<String, (&'static str, Bytes)>, url: &str) -> Result<String, String> {
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

/// Fills the checkout page template: `{{sri:URL}}`, `{{preloads}}`, `{{public-key}}`,
/// `{{cart}}` and `{{total}}`.
fn render_index(
    template: &str,
    files: &HashMap<String, (&'static str, Bytes)>,
    public_key: &str,
) -> Result<String, String> {
    let mut modules: Vec<&String> = files
        .keys()
        .filter(|u| u.starts_with("/pkg/") && u.ends_with(".js"))
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
    let mut out = template
        .replace("{{preloads}}", preloads.trim_end())
        .replace("{{public-key}}", &html::escape(public_key))
        .replace("{{cart}}", cart.trim_end())
        .replace("{{total}}", &html::rupiah(total()));
    while let Some(start) = out.find("{{sri:") {
        let end = out[start..]
            .find("}}")
            .map(|e| start + e)
            .ok_or("index.html: unclosed {{sri:")?;
        let value = sri_of(files, &out[start + 6..end])?;
        out.replace_range(start..end + 2, &value);
    }
    Ok(out)
}

/// CSP and friends on every response; pages are never cached.
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn checkout_page(State(shop): State<Arc<Shop>>) -> Html<String> {
    Html(shop.index.clone())
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

async fn orders(State(shop): State<Arc<Shop>>) -> Response {
    let list = store::list(&*shop.db.lock().await);
    match list {
        Ok(list) => Json(list).into_response(),
        Err(e) => {
            eprintln!("shop: cannot list orders: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "error": "DB" })),
            )
                .into_response()
        }
    }
}

/// The checkout post: the JWE, its summary, the language and the shipping details.
/// Other fields are ignored; the sensitive inputs have no `name` and never post.
#[derive(Deserialize, Default)]
struct CheckoutForm {
    cardseal: Option<String>,
    cardseal_brand: Option<String>,
    cardseal_last4: Option<String>,
    lang: Option<String>,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address_line1: Option<String>,
    address_line2: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

/// The members of the JWE's protected header the shop stores.
#[derive(Deserialize)]
struct JweHeader {
    kid: String,
    jti: String,
}

/// Reads `kid` and `jti` from a compact JWE's header, refusing anything not shaped like
/// one. The shop cannot (and need not) check more: only the processor can open it.
fn jwe_header(jwe: &str) -> Option<JweHeader> {
    let parts: Vec<&str> = jwe.split('.').collect();
    let b64url = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if parts.len() != 5 || parts.iter().any(|p| p.is_empty() || !b64url(p)) {
        return None;
    }
    let bytes = cardseal::b64::decode_url_strict(parts[0].as_bytes())?;
    let h: JweHeader = serde_json::from_slice(&bytes).ok()?;
    let kid_ok =
        !h.kid.is_empty() && h.kid.len() <= 128 && h.kid.bytes().all(|b| b.is_ascii_graphic());
    (kid_ok && h.jti.len() == 22 && b64url(&h.jti)).then_some(h)
}

/// A refusal answer with its page.
struct Refusal {
    status: StatusCode,
    title: (&'static str, &'static str),
    explain: (&'static str, &'static str),
}

const MISSING: Refusal = Refusal {
    status: StatusCode::BAD_REQUEST,
    title: ("Payment details missing", "Data pembayaran tidak ada"),
    explain: (
        "The order arrived without its sealed card details, so nothing was charged or stored. Go back and submit the form again with JavaScript enabled.",
        "Pesanan tiba tanpa data kartu yang tersegel, jadi tidak ada yang ditagih atau disimpan. Kembali dan kirim formulir lagi dengan JavaScript aktif.",
    ),
};
const GARBLED: Refusal = Refusal {
    status: StatusCode::BAD_REQUEST,
    title: ("Payment details unreadable", "Data pembayaran tidak terbaca"),
    explain: (
        "The sealed card details were damaged on the way, so nothing was charged or stored. Go back and enter your card again.",
        "Data kartu yang tersegel rusak di perjalanan, jadi tidak ada yang ditagih atau disimpan. Kembali dan masukkan kartu Anda lagi.",
    ),
};
const TOO_LARGE: Refusal = Refusal {
    status: StatusCode::PAYLOAD_TOO_LARGE,
    title: ("Order too large", "Pesanan terlalu besar"),
    explain: (
        "The form sent far more data than a checkout needs, so it was refused and nothing was stored.",
        "Formulir mengirim data jauh lebih banyak dari yang dibutuhkan, jadi ditolak dan tidak ada yang disimpan.",
    ),
};
const REPLAYED: Refusal = Refusal {
    status: StatusCode::CONFLICT,
    title: ("Already submitted", "Sudah dikirim"),
    explain: (
        "These sealed card details were already used for an order, so they were refused and you were not charged again. Check your orders, or enter your card again for a new order.",
        "Data kartu tersegel ini sudah dipakai untuk sebuah pesanan, jadi ditolak dan Anda tidak ditagih lagi. Periksa pesanan Anda, atau masukkan kartu lagi untuk pesanan baru.",
    ),
};
const EXPIRED: Refusal = Refusal {
    status: StatusCode::UNPROCESSABLE_ENTITY,
    title: ("Payment form expired", "Formulir pembayaran kedaluwarsa"),
    explain: (
        "The payment processor could not accept these sealed card details (they were too old or not meant for it). Nothing was charged or stored. Reload the checkout and try again.",
        "Pemroses pembayaran tidak dapat menerima data kartu tersegel ini (terlalu lama atau bukan untuknya). Tidak ada yang ditagih atau disimpan. Muat ulang halaman dan coba lagi.",
    ),
};
const UNAVAILABLE: Refusal = Refusal {
    status: StatusCode::BAD_GATEWAY,
    title: ("Payment service unavailable", "Layanan pembayaran tidak tersedia"),
    explain: (
        "We could not reach the payment processor. Nothing was charged or stored. Please try again in a minute.",
        "Kami tidak dapat menghubungi pemroses pembayaran. Tidak ada yang ditagih atau disimpan. Silakan coba lagi sebentar lagi.",
    ),
};
const BAD_FORM: Refusal = Refusal {
    status: StatusCode::BAD_REQUEST,
    title: ("Order form unreadable", "Formulir pesanan tidak terbaca"),
    explain: (
        "The order form could not be read (a value is missing or too long). Nothing was charged or stored. Go back and check the form.",
        "Formulir pesanan tidak dapat dibaca (ada nilai yang kosong atau terlalu panjang). Tidak ada yang ditagih atau disimpan. Kembali dan periksa formulir.",
    ),
};

fn refuse(shop: &Shop, lang: Lang, r: &Refusal, why: &str) -> Response {
    eprintln!("shop: refused a checkout ({}): {why}", r.status.as_u16());
    let page = html::refusal(
        lang,
        &shop.style_sri,
        lang.t(r.title.0, r.title.1),
        lang.t(r.explain.0, r.explain.1),
    );
    (r.status, Html(page)).into_response()
}

/// The processor's approval or decline.
#[derive(Deserialize)]
struct Decision {
    status: String,
    brand: Option<String>,
    last4: Option<String>,
}

async fn checkout(State(shop): State<Arc<Shop>>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(&shop, Lang::En, &TOO_LARGE, "body over the limit")
        }
        Err(_) => return refuse(&shop, Lang::En, &BAD_FORM, "body unreadable"),
    };
    let Ok(form) = serde_urlencoded::from_bytes::<CheckoutForm>(&body) else {
        return refuse(&shop, Lang::En, &BAD_FORM, "not a form");
    };
    let lang = Lang::from_code(form.lang.as_deref());
    let jwe = match form.cardseal.as_deref() {
        Some(j) if !j.is_empty() => j,
        _ => return refuse(&shop, lang, &MISSING, "no JWE"),
    };
    let Some(header) = jwe_header(jwe) else {
        return refuse(&shop, lang, &GARBLED, "not a compact JWE");
    };
    let texts = [
        ("name", &form.name),
        ("email", &form.email),
        ("phone", &form.phone),
        ("line1", &form.address_line1),
        ("line2", &form.address_line2),
        ("city", &form.city),
        ("region", &form.region),
        ("postal_code", &form.postal_code),
        ("country", &form.country),
    ];
    if texts
        .iter()
        .any(|(_, v)| v.as_ref().is_some_and(|v| v.chars().count() > MAX_TEXT))
    {
        return refuse(&shop, lang, &BAD_FORM, "a contact field is too long");
    }
    let contact: serde_json::Map<String, serde_json::Value> = texts
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| ((*k).to_owned(), json!(v)))
        })
        .collect();
    let contact = serde_json::Value::Object(contact).to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());

    let id = {
        let db = shop.db.lock().await;
        let order = store::NewOrder {
            created_at: now,
            kid: &header.kid,
            jti: &header.jti,
            total: total(),
            currency: "IDR",
            contact: &contact,
        };
        match store::insert(&db, &order) {
            Ok(id) => id,
            Err(store::InsertError::Replayed) => {
                drop(db);
                return refuse(&shop, lang, &REPLAYED, "jti already used by an order");
            }
            Err(store::InsertError::Db(e)) => {
                eprintln!("shop: cannot store an order: {e}");
                return (StatusCode::INTERNAL_SERVER_ERROR, "storage error").into_response();
            }
        }
    };

    let request = json!({ "jwe": jwe }).to_string().into_bytes();
    let answer = relay::post_json(&shop.processor, "/authorize", request).await;
    let decision = match &answer {
        Ok((200, body)) => serde_json::from_slice::<Decision>(body).ok(),
        _ => None,
    };
    let Some(decision) = decision.filter(|d| d.status == "approved" || d.status == "declined")
    else {
        let _ = store::remove(&*shop.db.lock().await, id);
        return match answer {
            Ok((409, _)) => refuse(&shop, lang, &REPLAYED, "processor: replayed"),
            Ok((status, body)) if (400..500).contains(&status) => {
                let code = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v.get("error").and_then(|c| c.as_str()).map(str::to_owned))
                    .unwrap_or_default();
                refuse(&shop, lang, &EXPIRED, &format!("processor refused: {code}"))
            }
            Ok((status, _)) => refuse(
                &shop,
                lang,
                &UNAVAILABLE,
                &format!("processor answered {status}"),
            ),
            Err(e) => refuse(&shop, lang, &UNAVAILABLE, &e),
        };
    };
    let approved = decision.status == "approved";
    // The posted summary is only a fallback: the processor saw the real card.
    let brand = decision
        .brand
        .as_deref()
        .or(form.cardseal_brand.as_deref())
        .filter(|b| b.len() <= 32 && b.bytes().all(|c| c.is_ascii_lowercase() || c == b'-'));
    let last4 = decision
        .last4
        .as_deref()
        .or(form.cardseal_last4.as_deref())
        .filter(|l| l.len() == 4 && l.bytes().all(|c| c.is_ascii_digit()));
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
        },
    );
    Html(page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwe_header_reads_kid_and_jti_and_refuses_garble() {
        let h = cardseal::b64::encode_url(br#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k1","cty":"cardseal+json","iat":1,"jti":"AAAAAAAAAAAAAAAAAAAAAA"}"#);
        let jwe = format!("{h}.a.b.c.d");
        let got = jwe_header(&jwe).unwrap();
        assert_eq!(
            (got.kid.as_str(), got.jti.as_str()),
            ("k1", "AAAAAAAAAAAAAAAAAAAAAA")
        );
        for bad in [
            "",
            "a.b.c.d",
            &format!("{h}.a.b.c"),
            &format!("{h}..b.c.d"),
            &format!("{h}.a.b.c.d="),
        ] {
            assert!(jwe_header(bad).is_none(), "{bad}");
        }
        let short = cardseal::b64::encode_url(br#"{"kid":"k","jti":"short"}"#);
        assert!(jwe_header(&format!("{short}.a.b.c.d")).is_none());
    }
}
