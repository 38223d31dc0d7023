//! The response headers every page of the demo carries, in one place: the shop's pages
//! and the card frame differ only in their CSP and in whether they may be framed.

use axum::http::{header, HeaderMap, HeaderValue};

/// No MIME sniffing, no referrer, never cached.
pub fn harden(h: &mut HeaderMap) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}
