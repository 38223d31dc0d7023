//! The security-impacting response headers of a document (PCI DSS 11.6.1), normalised so
//! that what changes on every response (cookie values and expiries) does not count.

use std::collections::{BTreeMap, BTreeSet};

/// The headers recorded, lower-case. `frame-ancestors` lives in the CSP.
pub const SECURITY_HEADERS: [&str; 16] = [
    "content-security-policy",
    "content-security-policy-report-only",
    "integrity-policy",
    "integrity-policy-report-only",
    "reporting-endpoints",
    "strict-transport-security",
    "x-frame-options",
    "permissions-policy",
    "referrer-policy",
    "cross-origin-opener-policy",
    "cross-origin-embedder-policy",
    "cross-origin-resource-policy",
    "x-content-type-options",
    "cache-control",
    "set-cookie",
    "access-control-allow-origin",
];

/// A `Set-Cookie` line reduced to its name and flags: `sid; HttpOnly; Path=/; SameSite=Lax;
/// Secure`. The value, `Expires` and `Max-Age` change on every response.
pub fn cookie_flags(line: &str) -> String {
    let mut parts = line.split(';').map(str::trim);
    let name = parts
        .next()
        .and_then(|nv| nv.split('=').next())
        .unwrap_or_default()
        .to_owned();
    let mut flags: Vec<String> = parts
        .filter(|a| !a.is_empty())
        .filter_map(|a| {
            let (k, v) = a.split_once('=').unwrap_or((a, ""));
            let k = k.trim().to_ascii_lowercase();
            match k.as_str() {
                "expires" | "max-age" => None,
                "secure" => Some("Secure".to_owned()),
                "httponly" => Some("HttpOnly".to_owned()),
                "partitioned" => Some("Partitioned".to_owned()),
                "samesite" => Some(format!("SameSite={}", v.trim().to_ascii_lowercase())),
                "path" => Some(format!("Path={}", v.trim())),
                "domain" => Some(format!("Domain={}", v.trim().to_ascii_lowercase())),
                _ => Some(k),
            }
        })
        .collect();
    flags.sort();
    std::iter::once(name)
        .chain(flags)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The security headers among `raw` (name, value) pairs, each name once: repeated headers
/// joined with ", " (CSP's own list syntax), cookies reduced to their flags.
pub fn security_headers(raw: &[(String, String)]) -> BTreeMap<String, String> {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut dedup = BTreeSet::new();
    for (k, v) in raw {
        let k = k.to_ascii_lowercase();
        if !SECURITY_HEADERS.contains(&k.as_str()) {
            continue;
        }
        let v = if k == "set-cookie" {
            cookie_flags(v)
        } else {
            v.trim().to_owned()
        };
        if v.is_empty() || !dedup.insert((k.clone(), v.clone())) {
            continue;
        }
        seen.entry(k).or_default().push(v);
    }
    seen.into_iter()
        .map(|(k, mut v)| {
            if k == "set-cookie" {
                v.sort();
            }
            (k, v.join(", "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_keep_flags_not_values() {
        assert_eq!(
            cookie_flags("sid=abc123; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; secure; HttpOnly; SameSite=Lax"),
            "sid; HttpOnly; Path=/; SameSite=lax; Secure"
        );
        let h = security_headers(&[
            ("Set-Cookie".into(), "b=1; Secure".into()),
            ("set-cookie".into(), "a=2".into()),
            ("X-Powered-By".into(), "x".into()),
            (
                "Content-Security-Policy".into(),
                "default-src 'self'".into(),
            ),
            (
                "content-security-policy".into(),
                "default-src 'self'".into(),
            ),
        ]);
        assert_eq!(h.len(), 2);
        assert_eq!(h["set-cookie"], "a, b; Secure");
        assert_eq!(h["content-security-policy"], "default-src 'self'");
    }
}
