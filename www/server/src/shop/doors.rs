//! Who may post to the shop: only its own pages, in the shopper's own browser.
//!
//! Every POST (the checkout, the staff login and logout) is checked against the shop's own
//! origin (`--origin`, or `http://` and the request's `Host`):
//! - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin`;
//! - `Origin`, when sent, must be the shop's own (`null`, which sandboxed frames and
//!   `data:` pages send, passes only with `Sec-Fetch-Site: same-origin`).
//!
//! The checkout also carries a CSRF token: a random value in a cookie (`HttpOnly`,
//! `SameSite=Strict`, `Secure` when the shop's origin is https) set with the checkout
//! page, and the same value in the form's hidden `csrf_token` input; the two are compared
//! in constant time. A page on another site cannot read the value, and its post does not
//! carry the cookie. A client that sends neither `Origin` nor `Sec-Fetch-Site` (not a
//! browser, or a very old one) still needs the token pair, which a cross-site page cannot
//! make a browser send.

use super::Shop;
use crate::secret;
use axum::http::{header, HeaderMap, HeaderValue};

/// The CSRF cookie's name.
pub(super) const CSRF_COOKIE: &str = "toko_csrf";
/// The form field with the same value.
pub(super) const CSRF_FIELD: &str = "csrf_token";
/// Where the checkout page template takes the token (`www/index.html`).
pub(super) const CSRF_SLOT: &str = "{{csrf-token}}";

/// Why a post was refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refused {
    /// From another site or origin.
    CrossOrigin,
    /// Without the CSRF token pair, or with a pair that differs.
    Token,
}

/// The shop's own origin for this request.
pub(super) fn own_origin(shop: &Shop, headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = &shop.origin {
        return Some(origin.clone());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    plain.then(|| format!("http://{}", host.to_ascii_lowercase()))
}

/// Whether a post comes from the shop's own pages, by what the browser says.
pub(super) fn same_origin(own: Option<&str>, headers: &HeaderMap) -> Result<(), Refused> {
    let text = |name| headers.get(name).map(|v| v.to_str().unwrap_or("?"));
    let site = text("sec-fetch-site");
    if site.is_some_and(|s| s != "same-origin") {
        return Err(Refused::CrossOrigin);
    }
    match text("origin") {
        None => Ok(()),
        Some("null") if site == Some("same-origin") => Ok(()),
        Some(origin) if own.is_some_and(|own| own.eq_ignore_ascii_case(origin)) => Ok(()),
        Some(_) => Err(Refused::CrossOrigin),
    }
}

/// The value of the cookie `name`, if sent once.
pub(super) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut found = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| *n == name)
        .map(|(_, v)| v);
    let first = found.next();
    // Two cookies of one name (one tossed in from elsewhere): neither is trusted.
    first.filter(|_| found.next().is_none())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, the whole site's path; Secure when
/// the shop is served over https; `max_age` 0 removes it.
pub(super) fn set_cookie(
    name: &str,
    value: &str,
    secure: bool,
    max_age: Option<u64>,
) -> Option<HeaderValue> {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).ok()
}

/// This browser's CSRF token: its cookie's when it has a well-formed one, or a new one
/// with the `Set-Cookie` to send.
pub(super) fn csrf_token(
    shop: &Shop,
    headers: &HeaderMap,
) -> Result<(String, Option<HeaderValue>), String> {
    if let Some(t) = cookie(headers, CSRF_COOKIE).filter(|t| secret::is_token(t)) {
        return Ok((t.to_owned(), None));
    }
    let t = secret::token()?;
    let set = set_cookie(CSRF_COOKIE, &t, shop.secure_cookies(), None);
    Ok((t, set))
}

/// Whether the posted token is the cookie's, in constant time.
pub(super) fn csrf_ok(headers: &HeaderMap, posted: Option<&str>) -> Result<(), Refused> {
    match (cookie(headers, CSRF_COOKIE), posted) {
        (Some(c), Some(p)) if secret::is_token(c) && secret::same(c.as_bytes(), p.as_bytes()) => {
            Ok(())
        }
        _ => Err(Refused::Token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_the_shops_own_origin_may_post() {
        let own = Some("http://127.0.0.1:8080");
        let ok = |p: &[(&'static str, &str)]| same_origin(own, &headers(p));
        assert_eq!(ok(&[]), Ok(()));
        assert_eq!(
            ok(&[
                ("origin", "http://127.0.0.1:8080"),
                ("sec-fetch-site", "same-origin")
            ]),
            Ok(())
        );
        assert_eq!(
            ok(&[("origin", "null"), ("sec-fetch-site", "same-origin")]),
            Ok(())
        );
        for bad in [
            &[("origin", "http://evil.example")][..],
            &[("origin", "http://127.0.0.1:8081")],
            &[("origin", "null")],
            &[("sec-fetch-site", "cross-site")],
            &[("sec-fetch-site", "same-site")],
            &[("sec-fetch-site", "none")],
            &[
                ("origin", "http://127.0.0.1:8080"),
                ("sec-fetch-site", "cross-site"),
            ],
        ] {
            assert_eq!(ok(bad), Err(Refused::CrossOrigin), "{bad:?}");
        }
        // No origin known (no Host): only a post that says nothing passes.
        assert_eq!(
            same_origin(None, &headers(&[("origin", "http://a")])),
            Err(Refused::CrossOrigin)
        );
    }

    #[test]
    fn the_token_pair_must_match() {
        let t = secret::token().unwrap();
        let u = secret::token().unwrap();
        let with = |c: &str| headers(&[("cookie", c)]);
        let cookie_t = format!("a=1; {CSRF_COOKIE}={t}");
        assert_eq!(csrf_ok(&with(&cookie_t), Some(&t)), Ok(()));
        assert_eq!(csrf_ok(&with(&cookie_t), Some(&u)), Err(Refused::Token));
        assert_eq!(csrf_ok(&with(&cookie_t), None), Err(Refused::Token));
        assert_eq!(csrf_ok(&HeaderMap::new(), Some(&t)), Err(Refused::Token));
        // Two cookies of the name: refused, whichever is posted.
        let two = format!("{CSRF_COOKIE}={t}; {CSRF_COOKIE}={u}");
        assert_eq!(csrf_ok(&with(&two), Some(&t)), Err(Refused::Token));
        // Not a token of ours: refused even when both sides agree.
        let short = format!("{CSRF_COOKIE}=x");
        assert_eq!(csrf_ok(&with(&short), Some("x")), Err(Refused::Token));
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_on_https() {
        let c = set_cookie("n", "v", false, None).unwrap();
        assert_eq!(c, "n=v; Path=/; HttpOnly; SameSite=Strict");
        let s = set_cookie("n", "v", true, Some(0)).unwrap();
        assert_eq!(
            s,
            "n=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
        );
    }
}
