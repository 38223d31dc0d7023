//! The staff's door: `GET /orders` behind a login.
//!
//! The password is in the file given with `--staff-password-file` (`make demo` makes one
//! at first run in `.demo/staff-password`, mode 0600, and prints it once); without that
//! option nobody can log in and `/orders` stays closed. There is no default password.
//!
//! - `GET /login` the login form; `POST /login` (same-origin only, see [`super::doors`])
//!   checks the password in constant time and, when right, starts a session: a random
//!   token in the `toko_staff` cookie (`HttpOnly`, `SameSite=Strict`, `Secure` when the
//!   shop's origin is https), kept by its digest for [`SESSION_SECONDS`], at most
//!   [`MAX_SESSIONS`] at once (the oldest ends first). Failed logins are rate-limited per
//!   client address.
//! - `GET /orders` with a session: the orders as a page (every value escaped, see
//!   [`crate::html`]), or as JSON when the request accepts `application/json`. Without
//!   one: `303` to `/login` for a page, `401 {"error": "LOGIN_REQUIRED"}` for JSON.
//! - `POST /logout` ends the session.

use super::doors::{self, cookie, set_cookie};
use super::Shop;
use crate::html::{self, escape, Lang};
use crate::ratelimit::{Limiter, Rate};
use crate::{secret, store};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::collections::HashMap;
use std::fmt::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The session cookie's name.
const SESSION_COOKIE: &str = "toko_staff";
/// How long a session lasts.
pub(super) const SESSION_SECONDS: u64 = 8 * 3600;
/// The most sessions kept at once.
pub(super) const MAX_SESSIONS: usize = 64;
/// Failed logins per client address: 10 at once, then one every 10 s.
const FAILED_LOGINS: Rate = Rate {
    per_second: 0.1,
    burst: 10.0,
};

/// The staff login: the password's digest and the open sessions.
pub(super) struct Staff {
    password: secret::Known,
    /// session token digest (hex) → when it ends (seconds since `start`)
    sessions: Mutex<HashMap<String, f64>>,
    failed: Limiter<IpAddr>,
    start: Instant,
}

impl Staff {
    /// The login for the password in `--staff-password-file`.
    pub(super) fn new(password: &str) -> Self {
        Staff {
            password: secret::Known::new(password),
            sessions: Mutex::new(HashMap::new()),
            failed: Limiter::new(FAILED_LOGINS, 10_000),
            start: Instant::now(),
        }
    }

    fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// A session's key in the table: its token's digest.
    fn key(token: &str) -> String {
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes())
            .as_ref()
            .iter()
            .fold(String::new(), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
    }

    /// Starts a session; gives its token.
    fn open(&self) -> Result<String, String> {
        let token = secret::token()?;
        let now = self.now();
        let mut sessions = self.sessions.lock().map_err(|_| "sessions".to_owned())?;
        sessions.retain(|_, end| *end > now);
        while sessions.len() >= MAX_SESSIONS {
            let oldest = sessions
                .iter()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => sessions.remove(&k),
                None => break,
            };
        }
        sessions.insert(Self::key(&token), now + SESSION_SECONDS as f64);
        Ok(token)
    }

    /// Whether the request carries a live session.
    fn allows(&self, headers: &HeaderMap) -> bool {
        let Some(token) = cookie(headers, SESSION_COOKIE).filter(|t| secret::is_token(t)) else {
            return false;
        };
        let now = self.now();
        self.sessions
            .lock()
            .is_ok_and(|s| s.get(&Self::key(token)).is_some_and(|end| *end > now))
    }

    fn close(&self, headers: &HeaderMap) {
        if let (Some(token), Ok(mut s)) = (cookie(headers, SESSION_COOKIE), self.sessions.lock()) {
            s.remove(&Self::key(token));
        }
    }
}

/// The staff pages' language: Indonesian when the browser prefers it.
fn lang(headers: &HeaderMap) -> Lang {
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|t| t.trim().to_ascii_lowercase());
    Lang::from_code(
        first
            .as_deref()
            .map(|t| if t.starts_with("id") { "id" } else { t }),
    )
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

fn see_other(to: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// `GET /login`.
pub(super) async fn login_page(State(shop): State<Arc<Shop>>, headers: HeaderMap) -> Response {
    let lang = lang(&headers);
    let status = if shop.staff.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    (status, Html(login_html(&shop, lang, None))).into_response()
}

/// `POST /login`.
pub(super) async fn login(
    State(shop): State<Arc<Shop>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = lang(&headers);
    let refuse = |status, why: (&'static str, &'static str)| {
        (
            status,
            Html(login_html(&shop, lang, Some(lang.t(why.0, why.1)))),
        )
            .into_response()
    };
    if doors::same_origin(doors::own_origin(&shop, &headers).as_deref(), &headers).is_err() {
        eprintln!("shop: refused a cross-origin login");
        return refuse(StatusCode::FORBIDDEN, CROSS_ORIGIN);
    }
    let Some(staff) = &shop.staff else {
        return refuse(StatusCode::NOT_FOUND, CLOSED);
    };
    let password = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .ok()
        .and_then(|pairs| {
            let mut it = pairs.into_iter().filter(|(n, _)| n == "password");
            let first = it.next();
            first.filter(|_| it.next().is_none()).map(|(_, v)| v)
        })
        .map(zeroize::Zeroizing::new);
    if !password.is_some_and(|p| staff.password.matches(p.as_bytes())) {
        if let Err(wait) = staff.failed.take(client.ip(), staff.now()) {
            let mut res = refuse(StatusCode::TOO_MANY_REQUESTS, TOO_MANY);
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            return res;
        }
        eprintln!("shop: a failed staff login from {}", client.ip());
        return refuse(StatusCode::UNAUTHORIZED, WRONG);
    }
    let token = match staff.open() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("shop: cannot start a staff session: {e}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    eprintln!("shop: staff logged in from {}", client.ip());
    let mut res = see_other("/orders");
    if let Some(c) = set_cookie(
        SESSION_COOKIE,
        &token,
        shop.secure_cookies(),
        Some(SESSION_SECONDS),
    ) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

/// `POST /logout`.
pub(super) async fn logout(State(shop): State<Arc<Shop>>, headers: HeaderMap) -> Response {
    if doors::same_origin(doors::own_origin(&shop, &headers).as_deref(), &headers).is_err() {
        return StatusCode::FORBIDDEN.into_response();
    }
    if let Some(staff) = &shop.staff {
        staff.close(&headers);
    }
    let mut res = see_other("/login");
    if let Some(c) = set_cookie(SESSION_COOKIE, "", shop.secure_cookies(), Some(0)) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

/// `GET /orders`: the orders, for staff who logged in.
pub(super) async fn orders(State(shop): State<Arc<Shop>>, headers: HeaderMap) -> Response {
    let json = wants_json(&headers);
    if !shop.staff.as_ref().is_some_and(|s| s.allows(&headers)) {
        return if json {
            (
                StatusCode::UNAUTHORIZED,
                Json(json!({ "error": "LOGIN_REQUIRED" })),
            )
                .into_response()
        } else {
            see_other("/login")
        };
    }
    let list = store::list(&*shop.db.lock().await);
    match (list, json) {
        (Ok(list), true) => Json(list).into_response(),
        (Ok(list), false) => Html(orders_html(&shop, lang(&headers), &list)).into_response(),
        (Err(e), _) => {
            eprintln!("shop: cannot list orders: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "error": "DB" })),
            )
                .into_response()
        }
    }
}

const CROSS_ORIGIN: (&str, &str) = (
    "This login did not come from the shop's own page. Open /login here and log in again.",
    "Login ini tidak berasal dari halaman toko sendiri. Buka /login di sini dan masuk lagi.",
);
const CLOSED: (&str, &str) = (
    "Staff login is off: the shop was started without --staff-password-file.",
    "Login staf tidak aktif: toko dijalankan tanpa --staff-password-file.",
);
const WRONG: (&str, &str) = (
    "Wrong password. make demo printed it at first run; it is in .demo/staff-password.",
    "Kata sandi salah. make demo menampilkannya saat pertama kali dijalankan; ada di .demo/staff-password.",
);
const TOO_MANY: (&str, &str) = (
    "Too many wrong passwords from here. Wait a minute, then try again.",
    "Terlalu banyak kata sandi salah dari sini. Tunggu satu menit, lalu coba lagi.",
);

/// The login form, with a message when a login failed.
fn login_html(shop: &Shop, lang: Lang, error: Option<&str>) -> String {
    let error = error.map_or(String::new(), |e| {
        format!(
            "<p class=\"status refused\" id=\"status\" role=\"alert\">{}</p>\n",
            escape(e)
        )
    });
    let main = format!(
        r#"<h1>{title}</h1>
{error}<form method="post" action="/login">
<div class="field"><label for="password">{label}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></div>
<p><button type="submit" class="button" id="login">{submit}</button></p>
</form>"#,
        title = lang.t("Staff login", "Login staf"),
        label = lang.t("Staff password", "Kata sandi staf"),
        submit = lang.t("Log in", "Masuk"),
    );
    html::page(
        lang,
        &shop.style_sri,
        lang.t("Staff login", "Login staf"),
        &main,
    )
}

/// The orders as a table; every stored value escaped.
fn orders_html(shop: &Shop, lang: Lang, list: &[store::Order]) -> String {
    let mut rows = String::new();
    for o in list {
        let card = match (&o.summary.brand, &o.summary.last4) {
            (Some(b), Some(l)) => format!("{} ····{}", html::brand_name(lang, b), l),
            (_, Some(l)) => format!("····{l}"),
            _ => String::new(),
        };
        let _ = writeln!(
            rows,
            "<tr id=\"order-{id}\"><td>#{id}</td><td>{time}</td><td class=\"status\">{status}</td>\
             <td>{card}</td><td>{address}</td></tr>",
            id = o.id,
            time = escape(&o.time),
            status = escape(&o.status),
            card = escape(&card),
            address = html::address(&o.contact),
        );
    }
    let main = format!(
        r#"<h1>{title}</h1>
<table class="orders">
<thead><tr><th>{order}</th><th>{time}</th><th>{status}</th><th>{card}</th><th>{ship}</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<form method="post" action="/logout"><p><button type="submit" class="button" id="logout">{logout}</button></p></form>"#,
        title = lang.t("Orders", "Pesanan"),
        order = lang.t("Order", "Pesanan"),
        time = lang.t("Time (UTC)", "Waktu (UTC)"),
        status = lang.t("Status", "Status"),
        card = lang.t("Card", "Kartu"),
        ship = lang.t("Ships to", "Dikirim ke"),
        logout = lang.t("Log out", "Keluar"),
    );
    html::page(lang, &shop.style_sri, lang.t("Orders", "Pesanan"), &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_bounded_and_end() {
        let staff = Staff::new("p");
        let tokens: Vec<String> = (0..MAX_SESSIONS + 5)
            .map(|_| staff.open().unwrap())
            .collect();
        assert_eq!(staff.sessions.lock().unwrap().len(), MAX_SESSIONS);
        let with = |t: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::COOKIE,
                HeaderValue::from_str(&format!("{SESSION_COOKIE}={t}")).unwrap(),
            );
            h
        };
        // The newest live, the oldest ended, a made-up one never.
        assert!(staff.allows(&with(&tokens[MAX_SESSIONS + 4])));
        assert!(!staff.allows(&with(&tokens[0])));
        assert!(!staff.allows(&with(&secret::token().unwrap())));
        assert!(!staff.allows(&HeaderMap::new()));
        staff.close(&with(&tokens[MAX_SESSIONS + 4]));
        assert!(!staff.allows(&with(&tokens[MAX_SESSIONS + 4])));
    }

    #[test]
    fn the_staff_pages_language() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(v).unwrap());
            h
        };
        assert!(lang(&with("id-ID,id;q=0.9,en;q=0.5")) == Lang::Id);
        assert!(lang(&with("en-US,id;q=0.9")) == Lang::En);
        assert!(lang(&HeaderMap::new()) == Lang::En);
    }
}
