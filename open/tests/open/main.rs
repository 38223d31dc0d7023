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
    calls: RefCell<Vec<(String, u64, u64)>>,
    down: bool,
}

impl ReplayStore for Recording {
    fn first_use(&self, jti: &str, now: u64, expires_at: u64) -> Result<bool, StoreUnavailable> {
        if self.down {
            return Err(StoreUnavailable);
        }
        let mut calls = self.calls.borrow_mut();
        let seen = calls.iter().any(|(j, _, exp)| j == jti && *exp > now);
        calls.push((jti.to_owned(), now, expires_at));
        Ok(!seen)
    }
}
