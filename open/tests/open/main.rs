//! `Opener::open`: round trips, rotation, every refusal code, and tampering with each of
//! the five JWE parts. One file per theme; the helpers they share are here.

#[path = "../common/mod.rs"]
mod common;
mod keys;
mod refusals;
mod replay;

use cardseal::b64::{decode_url_strict, encode_url};
use cardseal_open::{
    KeyError, MemoryReplayStore, OpenError, Opener, PrivateKey, ReplayStore, StoreUnavailable,
};
use common::*;
use std::cell::RefCell;

fn opener() -> Opener {
    Opener::new(private("rsa2048-private-pkcs8.pem"))
}

fn code(r: Result<cardseal_open::Fields, OpenError>) -> &'static str {
    r.map(|_| "OK").unwrap_or_else(|e| e.code())
}

/// A store that records what it was asked and can fail.
#[derive(Default)]
struct Recording {
    /// ("seen" or "record", jti, now, expires_at; 0 for `seen`)
    calls: RefCell<Vec<(&'static str, String, u64, u64)>>,
    down: bool,
}

impl Recording {
    fn recorded(&self, jti: &str, now: u64) -> bool {
        let calls = self.calls.borrow();
        calls
            .iter()
            .any(|(op, j, _, exp)| *op == "record" && j == jti && *exp > now)
    }
}

impl ReplayStore for Recording {
    fn seen(&self, jti: &str, now: u64) -> Result<bool, StoreUnavailable> {
        if self.down {
            return Err(StoreUnavailable);
        }
        let seen = self.recorded(jti, now);
        self.calls
            .borrow_mut()
            .push(("seen", jti.to_owned(), now, 0));
        Ok(seen)
    }

    fn record(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        if self.down {
            return Err(StoreUnavailable);
        }
        let seen = self.recorded(jti, now);
        if !seen {
            self.calls
                .borrow_mut()
                .push(("record", jti.to_owned(), now, expires_at));
        }
        Ok(!seen)
    }
}
