//! The base64 readers of `cardseal::b64` on arbitrary bytes, and the round trips:
//! - `decode_url_strict` accepts only what `encode_url` would write: whatever it
//!   decodes re-encodes to the same text, and `decode_lenient` agrees with it;
//! - whatever `decode_lenient` decodes is canonical once re-encoded;
//! - `encode_url` then either decoder gives the input back, also in the standard
//!   alphabet with padding and line breaks for the lenient one;
//! - `encode_url_into` appends, leaving what was in the buffer.
#![no_main]

use cardseal::b64;
use cardseal_fuzz::{base64_std, wrap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let strict = b64::decode_url_strict(data);
    let lenient = b64::decode_lenient(data);
    if let Some(bytes) = &strict {
        assert_eq!(b64::encode_url(bytes).as_bytes(), data);
        assert_eq!(lenient.as_ref(), Some(bytes));
    }
    if let Some(bytes) = &lenient {
        let canonical = b64::encode_url(bytes);
        assert_eq!(
            b64::decode_url_strict(canonical.as_bytes()).as_ref(),
            Some(bytes)
        );
    }

    let enc = b64::encode_url(data);
    assert_eq!(enc.len(), (data.len() * 4).div_ceil(3));
    assert_eq!(
        b64::decode_url_strict(enc.as_bytes()).as_deref(),
        Some(data)
    );
    assert_eq!(b64::decode_lenient(enc.as_bytes()).as_deref(), Some(data));

    let width = usize::from(data.first().copied().unwrap_or(0) % 80) + 1;
    let std = wrap(&base64_std(data), width).replace('\n', "\r\n ");
    assert_eq!(
        b64::decode_lenient(std.as_bytes()).as_deref(),
        Some(data),
        "{std}"
    );

    let mut out = b"prefix.".to_vec();
    b64::encode_url_into(data, &mut out);
    assert_eq!(&out[..7], b"prefix.");
    assert_eq!(&out[7..], enc.as_bytes());
});
