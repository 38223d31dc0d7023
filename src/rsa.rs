//! RSAES-OAEP encryption with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1.1), for public
//! exponent 65537 only — the one operation the browser side needs.
//!
//! Written here rather than taken from the `rsa` crate because the general big-integer
//! library behind it was about a fifth of the whole wasm. The arithmetic is Montgomery
//! multiplication on 32-bit limbs (CIOS), with the final subtraction done by masking, so
//! the running time does not depend on the (secret) message. Tests check every output
//! byte against the `rsa` crate with the same seeded RNG, and against `jose` in Node.

use crate::sha256::sha256;
use alloc::vec::Vec;
use rand_core::CryptoRngCore;
use zeroize::{Zeroize, Zeroizing};

const HLEN: usize = 32;

/// An RSA public key with e = 65537, prepared for Montgomery arithmetic.
#[derive(Clone)]
pub struct RsaKey {
    /// modulus limbs, least significant first
    n: Vec<u32>,
    /// -n⁻¹ mod 2³²
    n0inv: u32,
    /// R² mod n, R = 2^(32·limbs)
    rr: Vec<u32>,
    /// modulus length in bytes
    k: usize,
}

impl core::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RsaKey")
    }
}

/// Big-endian bytes to `limbs` little-endian limbs (the value must fit).
fn to_limbs(be: &[u8], limbs: usize) -> Vec<u32> {
    let mut out = alloc::vec![0u32; limbs];
    for (i, &b) in be.iter().rev().enumerate() {
        if let Some(l) = out.get_mut(i / 4) {
            *l |= u32::from(b) << (8 * (i % 4));
        }
    }
    out
}

impl RsaKey {
    /// Prepares modulus `n` (big-endian, no leading zero byte, odd, ≥ 2 bytes).
    /// Returns `None` for an even or tiny modulus.
    pub fn new(n_be: &[u8]) -> Option<RsaKey> {
        if n_be.len() < 2 || n_be.first() == Some(&0) || n_be.last()? & 1 == 0 {
            return None;
        }
        let limbs = n_be.len().div_ceil(4);
        let n = to_limbs(n_be, limbs);
        // Newton iteration for n[0]⁻¹ mod 2³² (n is odd): 5 steps double 1 bit to 32.
        let n0 = n[0];
        let mut inv: u32 = 1;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(n0.wrapping_mul(inv)));
        }
        // R² mod n by doubling 1, 2·32·limbs times. n is public: plain branches are fine.
        let mut rr = alloc::vec![0u32; limbs];
        rr[0] = 1;
        for _ in 0..64 * limbs {
            let mut carry = 0u32;
            for l in rr.iter_mut() {
                let top = *l >> 31;
                *l = (*l << 1) | carry;
                carry = top;
            }
            if carry == 1 || !less_than(&rr, &n) {
                sub_in_place(&mut rr, &n);
            }
        }
        Some(RsaKey {
            n,
            n0inv: inv.wrapping_neg(),
            rr,
            k: n_be.len(),
        })
    }

    /// Montgomery product a·b·R⁻¹ mod n, for a, b < n. Iterators rather than indexing
    /// keep bounds checks out of the inner loops.
    fn mont_mul(&self, a: &[u32], b: &[u32], out: &mut [u32]) {
        let n = &self.n[..];
        let l = n.len();
        let mut t = Zeroizing::new(alloc::vec![0u32; l + 2]);
        for &ai in a {
            // t += ai·b
            let mut c: u64 = 0;
            for (tj, &bj) in t.iter_mut().zip(b) {
                let s = u64::from(*tj) + u64::from(ai) * u64::from(bj) + c;
                *tj = s as u32;
                c = s >> 32;
            }
            let s = u64::from(t[l]) + c;
            t[l] = s as u32;
            t[l + 1] = (s >> 32) as u32;
            // t += m·n, which makes the lowest limb zero; then t >>= 32.
            let m = u64::from(t[0].wrapping_mul(self.n0inv));
            let mut c: u64 = 0;
            for (tj, &nj) in t.iter_mut().zip(n) {
                let s = u64::from(*tj) + m * u64::from(nj) + c;
                *tj = s as u32;
                c = s >> 32;
            }
            let s = u64::from(t[l]) + c;
            t[l] = s as u32;
            t[l + 1] += (s >> 32) as u32;
            t.copy_within(1.., 0);
            t[l + 1] = 0;
        }
        // t < 2n: subtract n, and keep the difference unless it borrowed past t[l].
        let mut borrow: i64 = 0;
        for ((o, &tj), &nj) in out.iter_mut().zip(t.iter()).zip(n) {
            let d = i64::from(tj) - i64::from(nj) + borrow;
            *o = d as u32;
            borrow = d >> 32;
        }
        let keep_t = ((i64::from(t[l]) + borrow) >> 63) as u32; // all ones when t < n
        for (o, &tj) in out.iter_mut().zip(t.iter()) {
            *o = (tj & keep_t) | (*o & !keep_t);
        }
    }

    /// x^65537 mod n for x < n, limbs in and out.
    fn pow65537(&self, x: &[u32]) -> Vec<u32> {
        let l = self.n.len();
        let mut xm = Zeroizing::new(alloc::vec![0u32; l]);
        self.mont_mul(x, &self.rr, &mut xm);
        let mut y = Zeroizing::new(xm.to_vec());
        let mut tmp = Zeroizing::new(alloc::vec![0u32; l]);
        for _ in 0..16 {
            self.mont_mul(&y, &y, &mut tmp);
            core::mem::swap(&mut *y, &mut *tmp);
        }
        self.mont_mul(&y, &xm, &mut tmp);
        let mut one = alloc::vec![0u32; l];
        one[0] = 1;
        let mut out = alloc::vec![0u32; l];
        self.mont_mul(&tmp, &one, &mut out);
        out
    }

    /// The modulus length in bytes.
    pub fn size(&self) -> usize {
        self.k
    }

    /// RSAES-OAEP-ENCRYPT with SHA-256, MGF1-SHA-256 and an empty label. Draws the
    /// 32-byte seed from `rng`. Returns `None` when the message is too long for the key
    /// or the RNG fails.
    pub fn encrypt_oaep(&self, rng: &mut impl CryptoRngCore, msg: &[u8]) -> Option<Vec<u8>> {
        let k = self.k;
        if msg.len() + 2 * HLEN + 2 > k {
            return None;
        }
        // EM = 0x00 || maskedSeed || maskedDB
        let mut em = Zeroizing::new(alloc::vec![0u8; k]);
        let (seed, db) = em[1..].split_at_mut(HLEN);
        rng.try_fill_bytes(seed).ok()?;
        // DB = lHash || PS || 0x01 || M
        db[..HLEN].copy_from_slice(&sha256(&[]));
        let one = db.len() - msg.len() - 1;
        db[one] = 1;
        db[one + 1..].copy_from_slice(msg);
        mgf1_xor(db, seed);
        mgf1_xor(seed, db);

        let m = Zeroizing::new(to_limbs(&em, self.n.len()));
        let c = self.pow65537(&m);
        let mut out = alloc::vec![0u8; k];
        for (i, b) in out.iter_mut().rev().enumerate() {
            *b = (c[i / 4] >> (8 * (i % 4))) as u8;
        }
        Some(out)
    }
}

/// out ^= MGF1-SHA-256(seed, out.len())
fn mgf1_xor(out: &mut [u8], seed: &[u8]) {
    for (counter, chunk) in out.chunks_mut(HLEN).enumerate() {
        let mut mask = sha256(&[seed, &(counter as u32).to_be_bytes()]);
        for (o, m) in chunk.iter_mut().zip(mask.iter()) {
            *o ^= m;
        }
        mask.zeroize();
    }
}

fn less_than(a: &[u32], b: &[u32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

fn sub_in_place(a: &mut [u32], b: &[u32]) {
    let mut borrow = 0i64;
    for (x, y) in a.iter_mut().zip(b) {
        let d = i64::from(*x) - i64::from(*y) + borrow;
        *x = d as u32;
        borrow = d >> 32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    use rand_chacha::ChaCha20Rng;
    use rsa::traits::PublicKeyParts;

    fn keys() -> Vec<rsa::RsaPrivateKey> {
        use rsa::pkcs8::DecodePrivateKey;
        ["rsa2048", "rsa3072", "rsa4096"]
            .iter()
            .map(|n| {
                let pem = std::fs::read_to_string(format!(
                    "{}/tests/keys/{n}-private-pkcs8.pem",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap();
                rsa::RsaPrivateKey::from_pkcs8_pem(&pem).unwrap()
            })
            .collect()
    }

    #[test]
    fn byte_exact_against_the_rsa_crate_and_decrypts() {
        for sk in keys() {
            let pk = sk.to_public_key();
            let ours = RsaKey::new(&pk.n().to_bytes_be()).unwrap();
            assert_eq!(ours.size(), pk.size());
            for seed in 0..8u64 {
                let mut msg = [0u8; 32];
                ChaCha20Rng::seed_from_u64(1000 + seed).fill_bytes(&mut msg);
                let a = ours
                    .encrypt_oaep(&mut ChaCha20Rng::seed_from_u64(seed), &msg)
                    .unwrap();
                let b = pk
                    .encrypt(
                        &mut ChaCha20Rng::seed_from_u64(seed),
                        rsa::Oaep::new::<sha2::Sha256>(),
                        &msg,
                    )
                    .unwrap();
                assert_eq!(a, b, "{} bits, seed {seed}", pk.size() * 8);
                let back = sk.decrypt(rsa::Oaep::new::<sha2::Sha256>(), &a).unwrap();
                assert_eq!(back, msg);
            }
        }
    }

    #[test]
    fn message_length_limit() {
        let sk = &keys()[0];
        let ours = RsaKey::new(&sk.to_public_key().n().to_bytes_be()).unwrap();
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        assert!(ours.encrypt_oaep(&mut rng, &[7u8; 256 - 66]).is_some());
        assert!(ours.encrypt_oaep(&mut rng, &[7u8; 256 - 65]).is_none());
        assert!(RsaKey::new(&[0x10, 0x00]).is_none(), "even");
        assert!(RsaKey::new(&[0x00, 0x01]).is_none(), "leading zero");
    }

    #[test]
    fn montgomery_edge_values() {
        // Inputs 0, 1, n-1 round-trip through x^e then the rsa crate's raw decrypt.
        let sk = &keys()[0];
        let n = sk.to_public_key().n().to_bytes_be();
        let ours = RsaKey::new(&n).unwrap();
        let l = ours.n.len();
        let zero = alloc::vec![0u32; l];
        assert_eq!(ours.pow65537(&zero), zero);
        let mut one = alloc::vec![0u32; l];
        one[0] = 1;
        assert_eq!(ours.pow65537(&one), one);
        let mut n_minus_1 = ours.n.clone();
        n_minus_1[0] -= 1;
        // (n-1)^odd = n-1 (mod n)
        assert_eq!(ours.pow65537(&n_minus_1), n_minus_1);
    }
}
