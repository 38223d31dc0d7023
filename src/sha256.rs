//! SHA-256 (FIPS 180-4), one-shot over a few slices: what OAEP (the label hash and MGF1)
//! and the RFC 7638 thumbprint need. Rolled-up rounds, no tables beyond the constants:
//! about 0.6 KB of wasm where the `sha2` + `digest` stack weighed 2 KB. The buffers it
//! used are wiped, since MGF1 hashes the OAEP seed. Checked against the FIPS 180-4
//! examples and, byte for byte, against the `sha2` crate in the tests below.

use zeroize::Zeroize;

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// SHA-256 of the concatenation of `parts`.
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = H0;
    let mut block = [0u8; 64];
    let mut fill = 0;
    let mut w = [0u32; 64];
    // The message, then 0x80, zeros up to 56 mod 64 and the bit length, through one
    // block buffer.
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let pad_len = (119 - len % 64) % 64 + 9;
    let mut pad = [0u8; 72];
    pad[0] = 0x80;
    pad[pad_len - 8..pad_len].copy_from_slice(&(len as u64 * 8).to_be_bytes());
    for part in parts.iter().copied().chain([&pad[..pad_len]]) {
        for &b in part {
            block[fill] = b;
            fill += 1;
            if fill == 64 {
                compress(&mut h, &block, &mut w);
                fill = 0;
            }
        }
    }
    let mut out = [0u8; 32];
    for (o, v) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&v.to_be_bytes());
    }
    block.zeroize();
    w.zeroize();
    h.zeroize();
    out
}

fn compress(h: &mut [u32; 8], block: &[u8; 64], w: &mut [u32; 64]) {
    let mut v = *h;
    for i in 0..64 {
        w[i] = if i < 16 {
            u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ])
        } else {
            let (a, b) = (w[i - 15], w[i - 2]);
            let s0 = a.rotate_right(7) ^ a.rotate_right(18) ^ (a >> 3);
            let s1 = b.rotate_right(17) ^ b.rotate_right(19) ^ (b >> 10);
            w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1)
        };
        let [a, b, c, d, e, f, g, hh] = v;
        let t1 = hh
            .wrapping_add(e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25))
            .wrapping_add((e & f) ^ (!e & g))
            .wrapping_add(K[i])
            .wrapping_add(w[i]);
        let t2 = (a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22))
            .wrapping_add((a & b) ^ (a & c) ^ (b & c));
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (x, y) in h.iter_mut().zip(v) {
        *x = x.wrapping_add(y);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::sha256;
    use sha2::Digest;

    fn hex(b: &[u8]) -> alloc::string::String {
        b.iter().fold(alloc::string::String::new(), |mut s, x| {
            s.push(char::from(b"0123456789abcdef"[usize::from(x >> 4)]));
            s.push(char::from(b"0123456789abcdef"[usize::from(x & 15)]));
            s
        })
    }

    #[test]
    fn fips_180_examples() {
        assert_eq!(
            hex(&sha256(&[b"abc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(&[b""])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(&[
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            ])),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let million = alloc::vec![b'a'; 1_000_000];
        assert_eq!(
            hex(&sha256(&[&million])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn matches_sha2_for_every_length_and_split() {
        let data: alloc::vec::Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let want = sha2::Sha256::digest(&data[..len]);
            assert_eq!(sha256(&[&data[..len]])[..], want[..], "len {len}");
            let cut = len / 3;
            let got = sha256(&[&data[..cut], &[], &data[cut..len]]);
            assert_eq!(got[..], want[..], "len {len} split at {cut}");
        }
    }
}
