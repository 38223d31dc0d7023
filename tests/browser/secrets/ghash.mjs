// The secrets oracle's GHASH (see ../secrets.mjs): the GHASH accumulators, and the GHASH
// key as polyval stores and multiplies it.


import { bigFromBE, bigToBE, bigToLE } from "./bytes.mjs";

// ---------------------------------------------------------------------------------------
// GHASH (SP 800-38D §6.3) and polyval's key form

const MASK128 = (1n << 128n) - 1n;
/** GF(2^128) product in GCM's bit order (SP 800-38D Algorithm 1), blocks as BigInt BE. */
export function gfMul(x, y) {
  const R = 0xe1n << 120n;
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z;
}

/** GHASH accumulators X_1..X_m over A (AAD) and C (ciphertext), as 16-byte blocks. */
export function ghashStates(h, aad, ct) {
  const H = bigFromBE(h);
  const blocks = [];
  const pad = (b) => {
    for (let i = 0; i < b.length; i += 16) {
      const blk = new Uint8Array(16);
      blk.set(b.subarray(i, i + 16));
      blocks.push(blk);
    }
  };
  pad(aad);
  pad(ct);
  const lens = new Uint8Array(16);
  lens.set(bigToBE(BigInt(aad.length) * 8n, 8), 0);
  lens.set(bigToBE(BigInt(ct.length) * 8n, 8), 8);
  blocks.push(lens);
  let x = 0n;
  return blocks.map((b) => bigToBE((x = gfMul(x ^ bigFromBE(b), H)), 16));
}

/**
 * The GHASH key as ghash 0.6 hands it to polyval 0.7, and as polyval's soft backend stores
 * it (`State { h: FieldElement([u8; 16]), .. }`): `FieldElement::from(H).reverse().mulx()`.
 * `mulx` reads the 16 bytes as a little-endian u128 (after the reverse, that is H read
 * big-endian), shifts left by one and reduces by x^128 + x^127 + x^126 + x^121 + 1
 * (RFC 8452 Appendix A), then writes the u128 back little-endian.
 */
export function polyvalKey(h) {
  let v = bigFromBE(h); // u128::from_le_bytes(reverse(H))
  const hi = v >> 127n;
  v = (v << 1n) & MASK128;
  if (hi) v ^= 1n | (1n << 127n) | (1n << 126n) | (1n << 121n);
  return bigToLE(v, 16);
}

/** The limbs of a field element, each bit-reversed (polyval's mul32 / mul64 Karatsuba input). */
export function bitrevLimbs(fe, limbBytes) {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i += limbBytes) {
    let v = 0n;
    for (let j = limbBytes - 1; j >= 0; j--) v = (v << 8n) | BigInt(fe[i + j]);
    let r = 0n;
    for (let k = 0; k < limbBytes * 8; k++, v >>= 1n) r = (r << 1n) | (v & 1n);
    out.set(bigToLE(r, limbBytes), i);
  }
  return out;
}
