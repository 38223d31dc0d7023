//! Asking the processor: the JWE is relayed, still sealed, to a processor's
//! `/authorize`, and its approval or decline comes back. With several processors the
//! relays take turns, and a relay moves on to the next processor when one cannot be
//! reached or does not answer. That is safe because the processors share one replay
//! guard: a JWE opens at most once across all of them.

use super::refusals::{Refusal, EXPIRED, REPLAYED};
use crate::relay::{self, RelayError};
use serde::Deserialize;
use serde_json::json;

/// The processor's approval or decline.
#[derive(Deserialize)]
pub(super) struct Decision {
    pub status: String,
    brand: Option<String>,
    last4: Option<String>,
}

impl Decision {
    /// Whether the processor approved the payment.
    pub(super) fn approved(&self) -> bool {
        self.status == "approved"
    }

    /// The card summary to keep, `(brand, last4)`: the processor's, which saw the real
    /// card; the one the page posted only as a fallback; either only when well formed.
    pub(super) fn summary<'a>(
        &'a self,
        posted_brand: Option<&'a str>,
        posted_last4: Option<&'a str>,
    ) -> (Option<&'a str>, Option<&'a str>) {
        let brand =
            self.brand.as_deref().or(posted_brand).filter(|b| {
                b.len() <= 32 && b.bytes().all(|c| c.is_ascii_lowercase() || c == b'-')
            });
        let last4 = self
            .last4
            .as_deref()
            .or(posted_last4)
            .filter(|l| l.len() == 4 && l.bytes().all(|c| c.is_ascii_digit()));
        (brand, last4)
    }
}

/// Why there is no decision.
pub(super) enum NoDecision {
    /// A processor refused the JWE itself (stale, replayed, not for its key, …): nothing
    /// was opened. The refusal to show, and the reason to log.
    Refused(&'static Refusal, String),
    /// No processor gave a decision. The order is kept as `failed` with this code:
    /// - `PROCESSOR_UNREACHABLE`: none could be connected to, none saw the JWE;
    /// - `REPLAY_STORE_UNAVAILABLE`: the shared replay store was down, none opened it;
    /// - `NO_ANSWER`: a processor was sent the JWE but did not answer, and no other
    ///   could be asked;
    /// - `OUTCOME_UNKNOWN`: a processor was sent the JWE but did not answer, and the
    ///   next refused it as a replay: the first opened it and its decision is unknown;
    /// - `PROCESSOR_UNAUTHORIZED`: the processor refused the shop's API key (a
    ///   configuration error; nothing was opened);
    /// - `PROCESSOR_BUSY`: the processor's rate limit refused the request (nothing was
    ///   opened);
    /// - `PROCESSOR_ERROR`: an answer that is none of the above.
    ///
    /// With the reason to log.
    Failed(&'static str, String),
}

/// Relays `jwe` to the processors, starting with `processors[first % len]`: the first
/// decision, or why there is none.
pub(super) async fn authorize(
    processors: &[String],
    api_key: &str,
    first: usize,
    jwe: &str,
) -> Result<Decision, NoDecision> {
    let request = json!({ "jwe": jwe }).to_string().into_bytes();
    // Whether a processor may have opened the JWE without answering.
    let mut sent = false;
    let mut why = String::from("no processor");
    for k in 0..processors.len() {
        let addr = &processors[(first + k) % processors.len()];
        match relay::post_json(addr, "/authorize", api_key, request.clone()).await {
            Err(RelayError::Unreachable(e)) => why = format!("processor {addr}: {e}"),
            Err(RelayError::NoAnswer(e)) => {
                sent = true;
                why = format!("processor {addr}: {e}");
            }
            Ok((409, _)) if sent => {
                return Err(NoDecision::Failed(
                    "OUTCOME_UNKNOWN",
                    format!("{why}; processor {addr}: replayed"),
                ))
            }
            Ok((status, body)) => return decision(status, &body),
        }
    }
    let code = if sent {
        "NO_ANSWER"
    } else {
        "PROCESSOR_UNREACHABLE"
    };
    Err(NoDecision::Failed(code, why))
}

/// A processor's answer read.
fn decision(status: u16, body: &[u8]) -> Result<Decision, NoDecision> {
    let error = || {
        serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("error").and_then(|c| c.as_str()).map(str::to_owned))
            .unwrap_or_default()
    };
    match status {
        200 => serde_json::from_slice::<Decision>(body)
            .ok()
            .filter(|d| d.status == "approved" || d.status == "declined")
            .ok_or_else(|| NoDecision::Failed("PROCESSOR_ERROR", "unreadable decision".into())),
        // Nothing was opened: the processor refused the shop itself.
        401 => Err(NoDecision::Failed(
            "PROCESSOR_UNAUTHORIZED",
            "processor refused the shop's API key (check --processor-key-file)".to_owned(),
        )),
        429 => Err(NoDecision::Failed(
            "PROCESSOR_BUSY",
            "processor: rate limited".to_owned(),
        )),
        409 => Err(NoDecision::Refused(
            &REPLAYED,
            "processor: replayed".to_owned(),
        )),
        503 if error() == "REPLAY_STORE_UNAVAILABLE" => Err(NoDecision::Failed(
            "REPLAY_STORE_UNAVAILABLE",
            "processor: replay store unavailable".to_owned(),
        )),
        400..=499 => Err(NoDecision::Refused(
            &EXPIRED,
            format!("processor refused: {}", error()),
        )),
        _ => Err(NoDecision::Failed(
            "PROCESSOR_ERROR",
            format!("processor answered {status}"),
        )),
    }
}
