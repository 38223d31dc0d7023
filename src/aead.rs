//! AES-256-GCM encryption (NIST SP 800-38D) with a 96-bit IV and a 128-bit tag: the
//! content encryption of every JWE.
//!
//! Written here instead of taken from the `aes-gcm` crate because its fixsliced AES and
//! POLYVAL were about 10 KB of wasm, for a few blocks per seal. Nothing here branches on
//! or indexes by secret data: the S-box is computed (inversion in GF(2⁸) by a fixed
//! exponentiation, then the affine map) rather than looked up, and GHASH multiplies
//! bit by bit with masks. It is slow by AES standards and that does not matter at a
//! dozen blocks per JWE. Tests check it byte for byte against the `aes-gcm` crate and
//! the GCM specification's test case 16; jose opens the result in the Node tests.

use zeroize::{Zeroize, Zeroizing};

/// GF(2⁸) product modulo x⁸ + x⁴ + x³ + x + 1, constant time.
fn gmul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0u8;
    for _ in 0..8 {
        p ^= a & 0u8.wrapping_sub(b & 1);
        let hi = a >> 7;
        a = (a << 1) ^ (0x1b & 0u8.wrapping_sub(hi));
        b >>= 1;
    }
    p
}

/// The AES S-box, computed: x⁻¹ = x²⁵⁴ (0 ↦ 0), then the affine transformation.
fn sbox(x: u8) -> u8 {
    // x^254 = x^2 · x^4 · x^8 · x^16 · x^32 · x^64 · x^128
    let mut sq = gmul(x, x);
    let mut inv = sq;
    for _ in 0..6 {
        sq = gmul(sq, sq);
        inv = gmul(inv, sq);
    }
    inv ^ inv.rotate_left(1) ^ inv.rotate_left(2) ^ inv.rotate_left(3) ^ inv.rotate_left(4) ^ 0x63
}

/// AES-256 with its expanded key (15 round keys).
struct Aes256 {
    rk: Zeroizing<[[u8; 16]; 15]>,
}

impl Aes256 {
    fn new(key: &[u8; 32]) -> Aes256 {
        let mut w = Zeroizing::new([[0u8; 4]; 60]);
        for (i, word) in key.chunks_exact(4).enumerate() {
            w[i].copy_from_slice(word);
        }
        let mut rcon = 1u8;
        for i in 8..60 {
            let mut t = w[i - 1];
            if i % 8 == 0 {
                t = [sbox(t[1]) ^ rcon, sbox(t[2]), sbox(t[3]), sbox(t[0])];
                rcon = gmul(rcon, 2);
            } else if i % 8 == 4 {
                t = t.map(sbox);
            }
            for (j, b) in t.iter_mut().enumerate() {
                *b ^= w[i - 8][j];
            }
            w[i] = t;
        }
        let mut rk = Zeroizing::new([[0u8; 16]; 15]);
        for (r, k) in rk.iter_mut().enumerate() {
            for c in 0..4 {
                k[4 * c..4 * c + 4].copy_from_slice(&w[4 * r + c]);
            }
        }
        Aes256 { rk }
    }

    /// Encrypts one block in place. The state is column-major, as the bytes come.
    fn encrypt(&self, s: &mut [u8; 16]) {
        xor16(s, &self.rk[0]);
        for round in 1..15 {
            for b in s.iter_mut() {
                *b = sbox(*b);
            }
            // ShiftRows: row r moves r columns to the left.
            let t = *s;
            for c in 0..4 {
                for r in 0..4 {
                    s[4 * c + r] = t[4 * ((c + r) % 4) + r];
                }
            }
            if round < 14 {
                for col in s.chunks_exact_mut(4) {
                    let [a0, a1, a2, a3] = [col[0], col[1], col[2], col[3]];
                    let all = a0 ^ a1 ^ a2 ^ a3;
                    col[0] ^= all ^ gmul(a0 ^ a1, 2);
                    col[1] ^= all ^ gmul(a1 ^ a2, 2);
                    col[2] ^= all ^ gmul(a2 ^ a3, 2);
                    col[3] ^= all ^ gmul(a3 ^ a0, 2);
                }
            }
            xor16(s, &self.rk[round]);
        }
    }
}

fn xor16(s: &mut [u8; 16], k: &[u8; 16]) {
    for (a, b) in s.iter_mut().zip(k) {
        *a ^= b;
    }
}

/// GF(2¹²⁸) product in GCM's bit order, constant time (SP 800-38D, Algorithm 1).
fn gf128_mul(x: u128, y: u128) -> u128 {
    let mut z = 0u128;
    let mut v = y;
    for i in 0..128 {
        z ^= v & 0u128.wrapping_sub((x >> (127 - i)) & 1);
        v = (v >> 1) ^ ((0xe1u128 << 120) & 0u128.wrapping_sub(v & 1));
    }
    z
}

/// GHASH state.
struct Ghash {
    h: u128,
    y: u128,
}

impl Ghash {
    /// Absorbs `data`, zero-padded to whole blocks.
    fn update(&mut self, data: &[u8]) {
        for chunk in data.chunks(16) {
            let mut block = [0u8; 16];
            block[..chunk.len()].copy_from_slice(chunk);
            self.y = gf128_mul(self.y ^ u128::from_be_bytes(block), self.h);
            block.zeroize();
        }
    }
}

/// Encrypts `buf` in place under `key` and `iv`, authenticating `aad`; returns the tag.
pub fn encrypt_in_place(key: &[u8; 32], iv: &[u8; 12], aad: &[u8], buf: &mut [u8]) -> [u8; 16] {
    let aes = Aes256::new(key);
    let mut h = [0u8; 16];
    aes.encrypt(&mut h);
    let mut ghash = Ghash {
        h: u128::from_be_bytes(h),
        y: 0,
    };
    h.zeroize();

    let mut counter = [0u8; 16];
    counter[..12].copy_from_slice(iv);
    let mut ks = Zeroizing::new([0u8; 16]);
    for (i, chunk) in buf.chunks_mut(16).enumerate() {
        // Block i uses counter value i + 2; value 1 (J0) masks the tag.
        counter[12..].copy_from_slice(&(i as u32).wrapping_add(2).to_be_bytes());
        *ks = counter;
        aes.encrypt(&mut ks);
        for (b, k) in chunk.iter_mut().zip(ks.iter()) {
            *b ^= k;
        }
    }

    ghash.update(aad);
    ghash.update(buf);
    let mut lens = [0u8; 16];
    lens[..8].copy_from_slice(&((aad.len() as u64) * 8).to_be_bytes());
    lens[8..].copy_from_slice(&((buf.len() as u64) * 8).to_be_bytes());
    ghash.update(&lens);

    counter[12..].copy_from_slice(&1u32.to_be_bytes());
    aes.encrypt(&mut counter);
    let mut tag = ghash.y.to_be_bytes();
    xor16(&mut tag, &counter);
    tag
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::{aead::AeadInPlace, Aes256Gcm, KeyInit};
    use rand_chacha::rand_core::{RngCore, SeedableRng};

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn sbox_spot_values() {
        // FIPS 197 figure 7.
        assert_eq!(sbox(0x00), 0x63);
        assert_eq!(sbox(0x01), 0x7c);
        assert_eq!(sbox(0x53), 0xed);
        assert_eq!(sbox(0xff), 0x16);
    }

    #[test]
    fn fips197_aes256_block() {
        // FIPS 197 appendix C.3.
        let key: [u8; 32] = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
            .try_into()
            .unwrap();
        let mut block: [u8; 16] = hex("00112233445566778899aabbccddeeff").try_into().unwrap();
        Aes256::new(&key).encrypt(&mut block);
        assert_eq!(block.to_vec(), hex("8ea2b7ca516745bfeafc49904b496089"));
    }

    #[test]
    fn gcm_spec_test_case_16() {
        // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16.
        let key: [u8; 32] = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
            .try_into()
            .unwrap();
        let iv: [u8; 12] = hex("cafebabefacedbaddecaf888").try_into().unwrap();
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        let mut buf = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        let tag = encrypt_in_place(&key, &iv, &aad, &mut buf);
        assert_eq!(buf, hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"));
        assert_eq!(tag.to_vec(), hex("76fc6ece0f4e1768cddf8853bb2d551b"));
    }

    #[test]
    fn byte_exact_against_the_aes_gcm_crate() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
        for len in [0usize, 1, 15, 16, 17, 31, 32, 33, 100, 1000] {
            for aad_len in [0usize, 5, 16, 80] {
                let (mut key, mut iv) = ([0u8; 32], [0u8; 12]);
                let (mut aad, mut buf) = (vec![0u8; aad_len], vec![0u8; len]);
                rng.fill_bytes(&mut key);
                rng.fill_bytes(&mut iv);
                rng.fill_bytes(&mut aad);
                rng.fill_bytes(&mut buf);
                let mut theirs = buf.clone();
                let want = Aes256Gcm::new(&key.into())
                    .encrypt_in_place_detached(&iv.into(), &aad, &mut theirs)
                    .unwrap();
                let tag = encrypt_in_place(&key, &iv, &aad, &mut buf);
                assert_eq!(buf, theirs, "ciphertext, len {len}, aad {aad_len}");
                assert_eq!(tag.to_vec(), want.to_vec(), "tag, len {len}, aad {aad_len}");
            }
        }
    }
}
