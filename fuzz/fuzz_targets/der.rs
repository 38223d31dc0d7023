//! The DER readers (SPKI, PKCS#1, X.509) through `PublicKey::import`: the input after
//! the first byte is DER, and the first byte picks how it is pasted. Bare base64 goes
//! straight to the DER classifier; the PEM forms go through the PEM reader first.
#![no_main]

use cardseal_fuzz::{base64_std, check_import, pem, wrap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&how, der)) = data.split_first() else {
        return;
    };
    let text = match how % 6 {
        0 => base64_std(der),
        1 => wrap(&base64_std(der), 64),
        2 => pem("PUBLIC KEY", der),
        3 => pem("CERTIFICATE", der),
        4 => pem("RSA PUBLIC KEY", der),
        _ => cardseal::b64::encode_url(der),
    };
    check_import(&text);
});
