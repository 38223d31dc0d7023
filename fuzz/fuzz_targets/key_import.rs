//! `PublicKey::import` on arbitrary text: PEM, JWK, JWKS, Adyen `e|n`, bare base64 DER,
//! and everything in between. Nothing may panic; see `check_import` for what must hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cardseal_fuzz::check_import(&String::from_utf8_lossy(data));
});
