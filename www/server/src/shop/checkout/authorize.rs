//! Asking the processor: the JWE is relayed, still sealed, to its `/authorize`, and its
//! approval or decline comes back; any other answer becomes the refusal to show.

use super::refusals::{Refusal, EXPIRED, REPLAYED, UNAVAILABLE};
use crate::relay;
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

/// Relays `jwe` to the processor at `processor`: its decision, or the refusal to show
/// with the reason to log.
pub(super) async fn authorize(
    processor: &str,
    jwe: &str,
) -> Result<Decision, (&'static Refusal, String)> {
    let request = json!({ "jwe": jwe }).to_string().into_bytes();
    let answer = relay::post_json(processor, "/authorize", request).await;
    let decision = match &answer {
        Ok((200, body)) => serde_json::from_slice::<Decision>(body).ok(),
        _ => None,
    };
    if let Some(d) = decision.filter(|d| d.status == "approved" || d.status == "declined") {
        return Ok(d);
    }
    Err(match answer {
        Ok((409, _)) => (&REPLAYED, "processor: replayed".to_owned()),
        Ok((status, body)) if (400..500).contains(&status) => {
            let code = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("error").and_then(|c| c.as_str()).map(str::to_owned))
                .unwrap_or_default();
            (&EXPIRED, format!("processor refused: {code}"))
        }
        Ok((status, _)) => (&UNAVAILABLE, format!("processor answered {status}")),
        Err(e) => (&UNAVAILABLE, e),
    })
}
