//! Content-Security-Policy, directive by directive: parsing, a diff that tells a loosening
//! from a tightening and ignores per-request nonces, and the strict policy to deploy.

use std::collections::BTreeSet;

/// One policy: its directives in order, each with its normalised source tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy(pub Vec<(String, Vec<String>)>);

/// A token with what changes per request taken out: every `'nonce-…'` is `'nonce-*'`.
fn normalise(token: &str) -> String {
    let lower = token.to_ascii_lowercase();
    if lower.starts_with("'nonce-") {
        "'nonce-*'".to_owned()
    } else if lower.starts_with("'sha256-")
        || lower.starts_with("'sha384-")
        || lower.starts_with("'sha512-")
    {
        // The base64 of a hash is case-sensitive.
        format!("'{}{}", &lower[1..8], &token[8..])
    } else {
        lower
    }
}

impl Policy {
    /// Parses one serialised policy. Directive names are case-insensitive; a repeated
    /// directive is ignored, as browsers do.
    pub fn parse(text: &str) -> Policy {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for d in text.split(';') {
            let mut words = d.split_ascii_whitespace();
            let Some(name) = words.next() else { continue };
            let name = name.to_ascii_lowercase();
            if out.iter().any(|(n, _)| *n == name) {
                continue;
            }
            out.push((name, words.map(normalise).collect()));
        }
        Policy(out)
    }

    /// The tokens of `name`, if the directive is present.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_slice())
    }
}

/// Every policy of a header value (several policies are joined by commas).
pub fn parse_all(header: &str) -> Vec<Policy> {
    header
        .split(',')
        .map(Policy::parse)
        .filter(|p| !p.0.is_empty())
        .collect()
}

/// One difference between two policies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The directive (or `policy` for a whole policy).
    pub directive: String,
    /// Whether the page is now less protected.
    pub loosened: bool,
    /// What changed, in words.
    pub detail: String,
}

/// Tokens whose removal lets more run: a nonce or hash that goes makes an
/// `'unsafe-inline'` beside it take effect again; `'strict-dynamic'` and `'none'` restrict.
fn removal_loosens(token: &str) -> bool {
    token == "'nonce-*'"
        || token.starts_with("'sha")
        || token == "'strict-dynamic'"
        || token == "'none'"
}

/// The differences from `before` to `after` (header values; `None` when absent).
pub fn diff(before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    let b = before.map(parse_all).unwrap_or_default();
    let a = after.map(parse_all).unwrap_or_default();
    let mut out = Vec::new();
    if b.is_empty() && a.is_empty() {
        return out;
    }
    if a.is_empty() {
        out.push(Change {
            directive: "policy".into(),
            loosened: true,
            detail: "the policy was removed".into(),
        });
        return out;
    }
    for i in 0..b.len().max(a.len()) {
        match (b.get(i), a.get(i)) {
            (Some(_), None) => out.push(Change {
                directive: "policy".into(),
                loosened: true,
                detail: format!("policy {} of {} was removed", i + 1, b.len()),
            }),
            (None, Some(_)) => out.push(Change {
                directive: "policy".into(),
                loosened: false,
                detail: format!("a policy was added ({} now)", a.len()),
            }),
            (Some(pb), Some(pa)) => out.extend(diff_policy(pb, pa)),
            (None, None) => {}
        }
    }
    out
}

fn diff_policy(b: &Policy, a: &Policy) -> Vec<Change> {
    let mut out = Vec::new();
    for (name, tb) in &b.0 {
        match a.get(name) {
            None => out.push(Change {
                directive: name.clone(),
                loosened: true,
                detail: format!("{name} was removed"),
            }),
            Some(ta) => {
                let sb: BTreeSet<&String> = tb.iter().collect();
                let sa: BTreeSet<&String> = ta.iter().collect();
                let added: Vec<&str> = sa.difference(&sb).map(|s| s.as_str()).collect();
                let removed: Vec<&str> = sb.difference(&sa).map(|s| s.as_str()).collect();
                if !added.is_empty() {
                    out.push(Change {
                        directive: name.clone(),
                        loosened: true,
                        detail: format!("{name} now allows {}", added.join(" ")),
                    });
                }
                if !removed.is_empty() {
                    out.push(Change {
                        directive: name.clone(),
                        loosened: removed.iter().any(|t| removal_loosens(t)),
                        detail: format!("{name} no longer has {}", removed.join(" ")),
                    });
                }
            }
        }
    }
    let default: BTreeSet<&String> = b.get("default-src").unwrap_or_default().iter().collect();
    for (name, ta) in &a.0 {
        if b.get(name).is_none() {
            // A new fetch directive overrides default-src: looser if it allows more.
            let loosened =
                name.ends_with("-src") && ta.iter().any(|t| !default.contains(t) && t != "'none'");
            out.push(Change {
                directive: name.clone(),
                loosened,
                detail: format!("{name} was added: {}", ta.join(" ")),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "default-src 'self'; script-src 'self' 'nonce-AAAA' 'wasm-unsafe-eval'; frame-ancestors 'none'";

    #[test]
    fn a_rotating_nonce_is_no_change() {
        let other = P.replace("AAAA", "bbbbCCCC");
        assert_eq!(diff(Some(P), Some(&other)), []);
        assert_eq!(
            diff(
                Some(P),
                Some(&P.to_uppercase().replace("NONCE-AAAA", "nonce-x"))
            ),
            []
        );
    }

    #[test]
    fn loosenings_are_told_from_tightenings() {
        let loose = |after: &str| {
            diff(Some(P), Some(after))
                .iter()
                .map(|c| c.loosened)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            loose(&P.replace("'self' 'nonce", "'self' 'unsafe-inline' 'nonce")),
            [true]
        );
        assert_eq!(
            loose(&P.replace(" 'nonce-AAAA'", "")),
            [true],
            "the nonce went"
        );
        assert_eq!(loose(&P.replace("; frame-ancestors 'none'", "")), [true]);
        assert_eq!(
            loose(&P.replace("'self' 'nonce", "'self' https://cdn.example 'nonce")),
            [true]
        );
        assert_eq!(loose(&P.replace(" 'wasm-unsafe-eval'", "")), [false]);
        assert_eq!(loose(&format!("{P}; object-src 'none'")), [false]);
        assert_eq!(loose(&format!("{P}; connect-src *")), [true]);
        assert!(diff(Some(P), None)[0].loosened);
    }
}
