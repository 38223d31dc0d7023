//! PEM (RFC 7468): reading the first block of a key file, writing one.

use zeroize::Zeroizing;

/// The label and DER of the first PEM block in `text`, or `None` when there is no whole
/// block (BEGIN and matching END lines, base64 between).
pub fn first_block(text: &str) -> Option<(&str, Zeroizing<Vec<u8>>)> {
    let mut lines = text.lines().map(str::trim);
    let label = lines.by_ref().find_map(|l| {
        l.strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
    })?;
    let mut body = Zeroizing::new(Vec::with_capacity(text.len()));
    for l in lines {
        if let Some(end) = l
            .strip_prefix("-----END ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            if end != label {
                return None;
            }
            let der = cardseal::b64::decode_lenient(&body).map(Zeroizing::new)?;
            return (!der.is_empty()).then_some((label, der));
        }
        // RFC 1421 headers (`Proc-Type: …`, in encrypted PKCS#1) are not base64.
        if l.contains(':') {
            return None;
        }
        body.extend_from_slice(l.as_bytes());
    }
    None
}

/// `der` as a PEM block with `label`: standard base64, 64 characters a line.
pub fn encode(label: &str, der: &[u8]) -> Zeroizing<String> {
    let url = Zeroizing::new(cardseal::b64::encode_url(der));
    let mut b64 = Zeroizing::new(String::with_capacity(url.len() + 3));
    b64.extend(url.chars().map(|c| match c {
        '-' => '+',
        '_' => '/',
        c => c,
    }));
    while !b64.len().is_multiple_of(4) {
        b64.push('=');
    }
    let mut out = Zeroizing::new(String::with_capacity(
        b64.len() * 65 / 64 + 2 * label.len() + 40,
    ));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.extend(line.iter().map(|&b| char::from(b)));
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let der: Vec<u8> = (0u8..=255).collect();
        let pem = encode("PUBLIC KEY", &der);
        assert!(pem.lines().all(|l| l.len() <= 64));
        let (label, back) = first_block(&pem).unwrap();
        assert_eq!(label, "PUBLIC KEY");
        assert_eq!(&back[..], &der[..]);
    }

    #[test]
    fn refusals() {
        assert!(first_block("-----BEGIN A-----\nZm9v\n-----END B-----\n").is_none());
        assert!(first_block("-----BEGIN A-----\nZm9v\n").is_none());
        assert!(
            first_block("-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\nZm9v\n-----END A-----")
                .is_none()
        );
        assert!(first_block("no pem here").is_none());
    }
}
