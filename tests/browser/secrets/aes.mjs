// The secrets oracle's AES (see ../secrets.mjs): FIPS-197 key expansion and block
// encryption, AES-CTR blocks by WebCrypto, GCM's inc32, and the aes crate's fixsliced
// round-key layout.


import { subtle, xor } from "./bytes.mjs";

// ---------------------------------------------------------------------------------------
// AES (FIPS-197): S-box, key expansion, block encryption. Oracle code, checked against
// FIPS-197 A.3 / C.3 and against WebCrypto.

export const SBOX = (() => {
  const s = new Uint8Array(256);
  const mul = (a, b) => {
    let r = 0;
    for (; b; b >>= 1) {
      if (b & 1) r ^= a;
      a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
    }
    return r;
  };
  for (let x = 0; x < 256; x++) {
    let inv = 0;
    if (x) for (inv = 1; mul(x, inv) !== 1; inv++);
    let y = inv;
    for (let i = 1; i <= 4; i++) y ^= ((inv << i) | (inv >> (8 - i))) & 0xff;
    s[x] = y ^ 0x63;
  }
  return s;
})();

/** FIPS-197 §5.2 key expansion of a 16/24/32-byte key: the Nr+1 round keys, 16 bytes each. */
export function aesExpandKey(key) {
  const nk = key.length / 4;
  if (![4, 6, 8].includes(nk)) throw new Error("AES key must be 16, 24 or 32 bytes");
  const nr = nk + 6;
  const w = new Uint8Array(16 * (nr + 1));
  w.set(key);
  let rcon = 1;
  for (let i = nk; i < 4 * (nr + 1); i++) {
    let t = w.slice(4 * (i - 1), 4 * i);
    if (i % nk === 0) {
      t = Uint8Array.of(SBOX[t[1]] ^ rcon, SBOX[t[2]], SBOX[t[3]], SBOX[t[0]]);
      rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0);
    } else if (nk > 6 && i % nk === 4) {
      t = t.map((x) => SBOX[x]);
    }
    for (let j = 0; j < 4; j++) w[4 * i + j] = w[4 * (i - nk) + j] ^ t[j];
  }
  return Array.from({ length: nr + 1 }, (_, r) => w.slice(16 * r, 16 * r + 16));
}

/** AES block encryption with expanded round keys (FIPS-197 §5.1). */
export function aesEncryptBlock(roundKeys, block) {
  const xt = (a) => ((a << 1) ^ (a & 0x80 ? 0x11b : 0)) & 0xff;
  let s = xor(Uint8Array.from(block), roundKeys[0]);
  const nr = roundKeys.length - 1;
  for (let r = 1; r <= nr; r++) {
    s = s.map((x) => SBOX[x]);
    // ShiftRows: state byte (row i, column c) sits at 4c + i.
    const t = new Uint8Array(16);
    for (let c = 0; c < 4; c++) for (let i = 0; i < 4; i++) t[4 * c + i] = s[4 * ((c + i) % 4) + i];
    s = t;
    if (r < nr) {
      const m = new Uint8Array(16);
      for (let c = 0; c < 4; c++) {
        const [a0, a1, a2, a3] = s.subarray(4 * c, 4 * c + 4);
        m[4 * c] = xt(a0) ^ xt(a1) ^ a1 ^ a2 ^ a3;
        m[4 * c + 1] = a0 ^ xt(a1) ^ xt(a2) ^ a2 ^ a3;
        m[4 * c + 2] = a0 ^ a1 ^ xt(a2) ^ xt(a3) ^ a3;
        m[4 * c + 3] = xt(a0) ^ a0 ^ a1 ^ a2 ^ xt(a3);
      }
      s = m;
    }
    s = xor(s, roundKeys[r]);
  }
  return s;
}

/**
 * E_K of `count` consecutive blocks starting at `counterBlock`, the low 32 bits counting
 * (GCM's inc32), by WebCrypto: AES-CTR over zero bytes with a 32-bit counter.
 */
export async function aesCtrBlocks(key, counterBlock, count) {
  const k = await subtle().importKey("raw", key, "AES-CTR", false, ["encrypt"]);
  const out = await subtle().encrypt({ name: "AES-CTR", counter: counterBlock, length: 32 }, k, new Uint8Array(16 * count));
  return new Uint8Array(out);
}

/** inc32 (SP 800-38D §6.2) applied `i` times. */
export function inc32(block, i = 1) {
  const b = Uint8Array.from(block);
  const v = (((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]) + i) >>> 0;
  b.set([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff], 12);
  return b;
}

// ---------------------------------------------------------------------------------------
// The aes crate's fixsliced key layout (aes 0.9.4 src/backends/fixslice/{word,utils}.rs,
// aes256.rs `key_schedule`): the bitsliced round keys, ShiftRows-adjusted, with the S-box
// NOTs of rounds 1..14 folded in. MinWord = u16, one block per bitsliced state.

const u16 = (x) => x & 0xffff;
function deltaSwap2(t, a, b, shift, mask) {
  const x = (t[a] ^ (t[b] >>> shift)) & mask;
  t[a] ^= x;
  t[b] = u16(t[b] ^ (x << shift));
}
function deltaSwap1(a, shift, mask) {
  const x = (a ^ (a >>> shift)) & mask;
  return u16(a ^ x ^ (x << shift));
}
/** `<u16 as Word>::bitslice` of one 16-byte block: 8 words. */
export function bitslice16(b) {
  const rr = (o) => b[o] | (b[o + 2] << 8);
  const t = [rr(0), rr(4), rr(8), rr(12), rr(1), rr(5), rr(9), rr(13)];
  for (const [a, c] of [[1, 0], [3, 2], [5, 4], [7, 6]]) deltaSwap2(t, a, c, 1, 0x5555);
  for (const [a, c] of [[2, 0], [3, 1], [6, 4], [7, 5]]) deltaSwap2(t, a, c, 2, 0x3333);
  for (const [a, c] of [[4, 0], [5, 1], [6, 2], [7, 3]]) deltaSwap2(t, a, c, 4, 0x0f0f);
  return t;
}
// pack_rows for u16 is r0 | r1 << 4 | r2 << 8 | r3 << 12; HALF_ROW = 2, QUARTER_ROW = 1.
const shiftRows1 = (w) => w.map((x) => deltaSwap1(deltaSwap1(x, 2, 0x2310), 1, 0x5050));
const shiftRows2 = (w) => w.map((x) => deltaSwap1(x, 2, 0x3030));
const shiftRows3 = (w) => w.map((x) => deltaSwap1(deltaSwap1(x, 2, 0x1320), 1, 0x5050));
const INV_SHIFT_ROWS = { 1: shiftRows3, 2: shiftRows2, 3: shiftRows1 };

/**
 * The fixsliced AES-256 round keys as `[u16; 8]` per round (15 rounds), for the compact
 * (`aes_backend_soft="compact"`) or the default layout.
 */
export function fixslicedRoundKeys(roundKeys, compact) {
  if (roundKeys.length !== 15) throw new Error("AES-256 only");
  return roundKeys.map((rk, r) => {
    let w = bitslice16(rk);
    // compact: inv_shift_rows_1 on every odd round. Full: inv_shift_rows_1/2/3 on rounds
    // 4j+1/4j+2/4j+3 for j = 0..2, inv_shift_rows_1 on round 13, nothing on round 14.
    const shift = compact ? r % 2 : r === 14 ? 0 : r % 4;
    if (shift) w = INV_SHIFT_ROWS[shift](w);
    if (r >= 1) for (const i of [0, 1, 5, 6]) w[i] = u16(~w[i]);
    return w;
  });
}
export const wordsLE = (words, bytes) => {
  const out = new Uint8Array(words.length * bytes);
  words.forEach((w, i) => {
    let v = BigInt(w);
    for (let j = 0; j < bytes; j++, v >>= 8n) out[i * bytes + j] = Number(v & 0xffn);
  });
  return out;
};
/** `<u32 as Word>::broadcast`: bit i of the u16 to bits 2i, 2i+1. */
export function broadcast32(w) {
  let r = 0;
  for (let i = 0; i < 16; i++) if ((w >> i) & 1) r |= 3 << (2 * i);
  return r >>> 0;
}
/** `<u64 as Word>::broadcast`: bit i of the u16 to bits 4i..4i+3. */
export function broadcast64(w) {
  let r = 0n;
  for (let i = 0; i < 16; i++) if ((w >> i) & 1) r |= 0xfn << BigInt(4 * i);
  return r;
}
