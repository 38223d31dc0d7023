// The memory suite's test oracle: every secret of a sealed JWE, derived from the JWE itself
// with the test's private key, in every form the audited crates keep it in wasm memory; a
// one-pass scanner that looks for all of them in the linear memory; and a zero check for the
// shadow stack.
//
// Plain ES module, no dependencies: runs in a browser page and in Node 20 (WebCrypto is
// `globalThis.crypto` in both). Proven right by tests/node/secrets.test.mjs.
//
// What is derived (DESIGN §2: RSA-OAEP-256 wrapping an A256GCM content key), and why each
// form:
//
// - RSA (rsa 0.10 over crypto-bigint 0.7): raw RSA decryption m = c^d mod n gives the OAEP
//   encoded message EM (k bytes, big-endian). crypto-bigint keeps integers as little-endian
//   limbs, so EM also lives as its little-endian byte string. The public operation runs
//   `pow_montgomery_form_amm`: EM in Montgomery form x = EM·R mod n, a window table
//   x^0..x^15 (Montgomery form), then 4 squarings per 4-bit window of e, each followed by a
//   multiplication with a table entry. Every intermediate EM^k·R mod n (k < e) is a secret
//   (x^2 and x^3 give x back with one inversion mod the public n). AMM results are only
//   "almost" reduced, so v + j·n (< R) is derived too. R = 2^(w·limbs): crypto-bigint uses
//   64-bit limbs on wasm32 unless built with `--cfg cpubits="32"` (cpubits 0.1 promotes
//   wasm32 to 64), so both limb widths are covered; for a 2048-bit n they coincide.
// - OAEP (RFC 8017 §7.1.1): maskedSeed, maskedDB, seedMask = MGF1(maskedDB, hLen), seed,
//   dbMask = MGF1(seed, k - hLen - 1), DB = lHash || PS || 0x01 || CEK, the two in-place
//   intermediates of EM while it is being built, and each MGF1 block also as the SHA-256
//   state words it came from (sha2 keeps `[u32; 8]`, native little-endian).
// - AES-256 (aes 0.9 soft backend, the only one on wasm32): FIPS-197 round keys, also with
//   every 32-bit word byte-swapped; and the representation the crate actually stores, the
//   fixsliced round keys `[u16; 120]` (`Aes256::new`), and their per-call broadcast copy
//   `rk_native: [u32; 120]` (cpubits 32) or `[u64; 120]` (cpubits 64), each for the
//   `aes_backend_soft="compact"` layout and the default (full fixslice) layout.
// - GCM (aes-gcm 0.11, ghash 0.6, polyval 0.7 soft backend): H = E_K(0^128), the tag mask
//   E_K(J0), the keystream blocks E_K(inc32^i(J0)); the GHASH key as polyval stores it,
//   `FieldElement::from(H).reverse().mulx()`, a `[u8; 16]` (the bytes of a u128 written
//   little-endian), plus H byte-reversed (the value before mulx), plus the bit-reversed
//   limbs polyval's constant-time multiply derives from it; every GHASH accumulator X_i
//   (each one times a public block gives H back) in GHASH byte order and reversed (the
//   polyval accumulator `y` is rev(X_i)), the final GHASH value S = tag ⊕ E_K(J0) included.
// - The plaintext JSON, each string value of 8 bytes or more, and each shorter member with
//   its JSON context (`"cvc":"123"`), nested objects member by member.
//
// Every needle is at least 8 bytes; needles that are all one byte value are dropped and
// listed in `skipped`. Needles with identical bytes are merged (`aliases`).

const te = new TextEncoder();
const td = new TextDecoder("utf-8", { fatal: true });
const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error("secrets.mjs needs WebCrypto (globalThis.crypto.subtle)");
  return s;
};

// ---------------------------------------------------------------------------------------
// Bytes and integers

/** base64url (no padding, RFC 7515 §2) to bytes. Throws on any other character. */
export function b64uDecode(s) {
  const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  if (typeof s !== "string" || s.length % 4 === 1) throw new Error("not base64url");
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const ch of s) {
    const v = A.indexOf(ch);
    if (v < 0) throw new Error(`not base64url: ${JSON.stringify(ch)}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
export const unhex = (h) => Uint8Array.from(h.replace(/\s+/g, "").match(/../g) ?? [], (x) => parseInt(x, 16));

export function bigFromBE(b) {
  return b.length ? BigInt("0x" + hex(b)) : 0n;
}
export function bigToBE(x, len) {
  if (x < 0n) throw new Error("negative");
  const h = x.toString(16).padStart(len * 2, "0");
  if (h.length > len * 2) throw new Error(`integer does not fit in ${len} bytes`);
  return unhex(h);
}
export const bigToLE = (x, len) => bigToBE(x, len).reverse();
export const bitLength = (x) => (x === 0n ? 0 : x.toString(2).length);

export function modPow(b, e, m) {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

export function modInv(a, m) {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error("not invertible");
  return ((s0 % m) + m) % m;
}

const xor = (a, b) => a.map((x, i) => x ^ b[i]);
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const eqBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
/** Each 32-bit word byte-swapped: a big-endian word list as a little-endian machine holds it. */
export function swap32(b) {
  if (b.length % 4) throw new Error("swap32: length not a multiple of 4");
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i += 4) {
    out[i] = b[i + 3];
    out[i + 1] = b[i + 2];
    out[i + 2] = b[i + 1];
    out[i + 3] = b[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// SHA-256 and MGF1 (RFC 8017 B.2.1)

export async function sha256(bytes) {
  return new Uint8Array(await subtle().digest("SHA-256", bytes));
}

/** MGF1-SHA-256: `{ mask, blocks }`, the blocks being the whole 32-byte digests. */
export async function mgf1(seed, len) {
  const blocks = [];
  for (let c = 0; blocks.length * 32 < len; c++) {
    const ctr = new Uint8Array([c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff]);
    blocks.push(await sha256(concat(seed, ctr)));
  }
  return { mask: concat(...blocks).slice(0, len), blocks };
}

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
const wordsLE = (words, bytes) => {
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

// ---------------------------------------------------------------------------------------
// crypto-bigint's exponentiation, as exponents: which powers of EM the public operation
// holds in Montgomery form (crypto-bigint 0.7.11 src/modular/pow.rs, WINDOW = 4).

/** Exponents k of the intermediates EM^k (k >= 1, k !== e) of `pow_montgomery_form_amm`. */
export function powIntermediates(e) {
  const ks = new Set();
  for (let i = 1n; i < 16n; i++) ks.add(i); // powers[1..15]; powers[0] is one (public)
  const bits = bitLength(e);
  let z = 0n;
  // The top window holds (bits - 1) % 4 + 1 bits and starts without squaring.
  for (let top = bits - 1 - ((bits - 1) % 4), first = true; top >= 0; top -= 4, first = false) {
    if (!first) for (let s = 0; s < 4; s++) ks.add((z *= 2n));
    const idx = (e >> BigInt(top)) & 15n;
    ks.add((z += idx));
  }
  if (z !== e) throw new Error("powIntermediates: window walk does not end at e");
  ks.delete(0n);
  ks.delete(e);
  return [...ks].sort((a, b) => (a < b ? -1 : 1));
}

// ---------------------------------------------------------------------------------------
// The plaintext JSON, member by member with exact byte spans

function jsonMembers(text) {
  const out = []; // { path, key, valueRaw, memberRaw, value (decoded string or null), kind }
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const str = () => {
    const start = i;
    if (text[i] !== '"') throw new Error(`JSON: string expected at ${i}`);
    for (i++; text[i] !== '"'; i++) {
      if (i >= text.length) throw new Error("JSON: unterminated string");
      if (text[i] === "\\") i++;
    }
    i++;
    return { raw: text.slice(start, i), value: JSON.parse(text.slice(start, i)) };
  };
  const value = (path, keyStart, keyName) => {
    ws();
    const start = i;
    if (text[i] === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        const ks = i;
        const k = str();
        ws();
        if (text[i++] !== ":") throw new Error("JSON: ':' expected");
        value(path ? `${path}.${k.value}` : k.value, ks, k.value);
        ws();
        if (text[i] === ",") i++;
        else if (text[i++] === "}") return;
        else throw new Error("JSON: ',' or '}' expected");
      }
    }
    if (text[i] === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`, null, null);
        ws();
        if (text[i] === ",") i++;
        else if (text[i++] === "]") return;
        else throw new Error("JSON: ',' or ']' expected");
      }
    }
    let decoded = null;
    if (text[i] === '"') decoded = str().value;
    else {
      const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) throw new Error(`JSON: value expected at ${i}`);
      i += m[0].length;
    }
    out.push({
      path,
      key: keyName,
      valueRaw: text.slice(start, i),
      memberRaw: keyStart === null ? null : text.slice(keyStart, i),
      value: decoded,
    });
  };
  value("", null, null);
  ws();
  if (i !== text.length) throw new Error("JSON: trailing characters");
  return out;
}

/** Members that are also in the cleartext summary `{brand, last4, exp_month, exp_year}`. */
const IN_SUMMARY = new Set(["exp_month", "exp_year"]);

// ---------------------------------------------------------------------------------------
// deriveSecrets

/**
 * Every secret of a compact JWE (RSA-OAEP-256 + A256GCM), derived with the private key.
 *
 * @param {string} jwe compact serialization
 * @param {string | {n: string, e: string, d: string, p?: string, q?: string, dp?: string, dq?: string, qi?: string}} privateJwk
 *   the RSA private JWK (object or JSON text); CRT members are used when present
 * @returns {Promise<{ plaintext: string, needles: {name: string, bytes: Uint8Array, group: string,
 *   aliases?: string[], alsoInSummary?: boolean}[], skipped: {name: string, reason: string}[],
 *   parts: object }>}
 */
export async function deriveSecrets(jwe, privateJwk) {
  const segs = String(jwe).trim().split(".");
  if (segs.length !== 5) throw new Error("not a compact JWE (5 parts)");
  const [hdrB64, ekB64, ivB64, ctB64, tagB64] = segs;
  const header = JSON.parse(td.decode(b64uDecode(hdrB64)));
  if (header.alg !== "RSA-OAEP-256" || header.enc !== "A256GCM") {
    throw new Error(`unexpected alg/enc ${header.alg}/${header.enc}`);
  }
  const ek = b64uDecode(ekB64);
  const iv = b64uDecode(ivB64);
  const ct = b64uDecode(ctB64);
  const tag = b64uDecode(tagB64);
  if (iv.length !== 12 || tag.length !== 16) throw new Error("A256GCM wants a 96-bit IV and a 128-bit tag");

  if (typeof privateJwk === "string") privateJwk = JSON.parse(privateJwk);
  const big = (f) => {
    if (typeof privateJwk?.[f] !== "string") throw new Error(`private JWK lacks "${f}"`);
    return bigFromBE(b64uDecode(privateJwk[f]));
  };
  const n = big("n");
  const e = big("e");
  const d = big("d");
  const nBits = bitLength(n);
  const k = Math.ceil(nBits / 8);
  if (ek.length !== k) throw new Error("encrypted_key is not k bytes");

  const needles = [];
  const skipped = [];
  const add = (group, name, bytes, extra = {}) => needles.push({ name, bytes: Uint8Array.from(bytes), group, ...extra });
  /** The 16-byte windows of a long secret at 16-byte steps, the last one flush with its end. */
  const addChunks = (group, name, bytes) => {
    if (bytes.length <= 16) return;
    const starts = [];
    for (let o = 0; o + 16 <= bytes.length; o += 16) starts.push(o);
    if (starts.at(-1) + 16 !== bytes.length) starts.push(bytes.length - 16);
    for (const o of starts) add(group, `${name}[${o}:${o + 16}]`, bytes.subarray(o, o + 16), { chunk: true });
  };

  // --- RSA: raw decryption (CRT when the JWK has the CRT members), then OAEP decoding.
  const c = bigFromBE(ek);
  if (c >= n) throw new Error("ciphertext integer >= n");
  let m;
  if (["p", "q", "dp", "dq", "qi"].every((f) => typeof privateJwk[f] === "string")) {
    const [p, q, dp, dq, qi] = ["p", "q", "dp", "dq", "qi"].map(big);
    const m1 = modPow(c, dp, p);
    const m2 = modPow(c, dq, q);
    m = m2 + q * ((qi * (((m1 - m2) % p) + p)) % p);
  } else {
    m = modPow(c, d, n);
  }
  if (modPow(m, e, n) !== c) throw new Error("raw RSA: m^e mod n != c (wrong private key?)");
  const em = bigToBE(m, k);
  if (em[0] !== 0) throw new Error("OAEP: EM[0] != 0 (wrong private key?)");
  const hLen = 32;
  const maskedSeed = em.slice(1, 1 + hLen);
  const maskedDB = em.slice(1 + hLen);
  const seedMgf = await mgf1(maskedDB, hLen);
  const seed = xor(maskedSeed, seedMgf.mask);
  const dbMgf = await mgf1(seed, k - hLen - 1);
  const db = xor(maskedDB, dbMgf.mask);
  const lHash = await sha256(new Uint8Array(0));
  if (!eqBytes(db.subarray(0, hLen), lHash)) throw new Error("OAEP: lHash mismatch");
  let one = hLen;
  while (one < db.length && db[one] === 0) one++;
  if (db[one] !== 1) throw new Error("OAEP: no 0x01 separator");
  const cek = db.slice(one + 1);
  if (cek.length !== 32) throw new Error(`OAEP: content key is ${cek.length} bytes, A256GCM wants 32`);

  add("oaep", "cek", cek);
  add("rsa", "em", em);
  addChunks("rsa", "em", em);
  const limbs32 = Math.ceil(nBits / 32);
  const emLE = bigToLE(m, 4 * limbs32);
  add("rsa", "em-le", emLE);
  addChunks("rsa", "em-le", emLE);
  add("oaep", "oaep-masked-seed", maskedSeed);
  add("oaep", "oaep-masked-db", maskedDB);
  addChunks("oaep", "oaep-masked-db", maskedDB);
  add("oaep", "oaep-seed-mask", seedMgf.mask);
  add("oaep", "oaep-seed-mask-sha-state", swap32(seedMgf.blocks[0]));
  add("oaep", "oaep-seed", seed);
  add("oaep", "oaep-db-mask", dbMgf.mask);
  dbMgf.blocks.forEach((b, i) => {
    add("oaep", `oaep-db-mask-block${i}`, b);
    add("oaep", `oaep-db-mask-block${i}-sha-state`, swap32(b));
  });
  add("oaep", "oaep-db", db);
  // EM while rsa builds it in place: 00 || seed || DB, then 00 || seed || maskedDB.
  add("oaep", "oaep-em-unmasked", concat([0], seed, db));
  add("oaep", "oaep-em-db-masked", concat([0], seed, maskedDB));

  // --- RSA: the Montgomery forms of the public operation's intermediates.
  const exps = powIntermediates(e);
  const seenR = new Set();
  for (const limbBits of [32, 64]) {
    const limbs = Math.ceil(nBits / limbBits);
    const width = (limbs * limbBits) / 8;
    const R = 1n << BigInt(limbs * limbBits);
    if (seenR.has(R)) continue;
    seenR.add(R);
    const suffix = seenR.size > 1 ? `@${limbBits}` : "";
    const rModN = R % n;
    let prev = 1n;
    let prevK = 0n;
    for (const kk of exps) {
      prev = (prev * modPow(m, kk - prevK, n)) % n; // m^kk mod n
      prevK = kk;
      const v = (prev * rModN) % n;
      const base = kk === 1n ? `em-mont${suffix}` : `rsa-mont-em^${kk}${suffix}`;
      for (let j = 0n, x = v; x < R; j++, x += n) {
        const nm = j === 0n ? base : `${base}+${j}n`;
        add("rsa", `${nm}-le`, bigToLE(x, width));
        add("rsa", `${nm}-be`, bigToBE(x, width));
      }
    }
  }

  // --- AES-256 key schedule, every layout.
  const rks = aesExpandKey(cek);
  rks.forEach((rk, r) => {
    add("aes", `aes-rk${r}`, rk);
    add("aes", `aes-rk${r}-u32swap`, swap32(rk));
  });
  for (const [layout, compact] of [["compact", true], ["full", false]]) {
    fixslicedRoundKeys(rks, compact).forEach((w, r) => {
      add("aes", `aes-fixslice-${layout}-rk${r}`, wordsLE(w, 2));
      add("aes", `aes-fixslice-${layout}-rk${r}-u32`, wordsLE(w.map(broadcast32), 4));
      add("aes", `aes-fixslice-${layout}-rk${r}-u64`, wordsLE(w.map(broadcast64), 8));
    });
  }

  // --- GCM: H, the tag mask, the keystream, GHASH.
  const h = await aesCtrBlocks(cek, new Uint8Array(16), 1);
  const j0 = concat(iv, [0, 0, 0, 1]);
  const tagMask = await aesCtrBlocks(cek, j0, 1);
  const nKs = Math.ceil(ct.length / 16);
  const ksBytes = nKs ? await aesCtrBlocks(cek, inc32(j0), nKs) : new Uint8Array(0);
  const keystream = Array.from({ length: nKs }, (_, i) => ksBytes.slice(16 * i, 16 * i + 16));
  add("gcm", "gcm-h", h);
  add("gcm", "gcm-h-reversed", h.slice().reverse());
  const hPolyval = polyvalKey(h);
  add("gcm", "gcm-h-polyval", hPolyval);
  add("gcm", "gcm-h-polyval-bitrev32", bitrevLimbs(hPolyval, 4));
  add("gcm", "gcm-h-polyval-bitrev64", bitrevLimbs(hPolyval, 8));
  add("gcm", "gcm-tag-mask", tagMask);
  keystream.forEach((b, i) => add("gcm", `gcm-keystream${i + 1}`, b));
  const aad = te.encode(hdrB64);
  const xs = ghashStates(h, aad, ct);
  xs.forEach((x, i) => {
    const nm = i === xs.length - 1 ? "gcm-ghash-s" : `gcm-ghash-x${i + 1}`;
    add("gcm", nm, x);
    add("gcm", `${nm}-reversed`, x.slice().reverse());
  });

  // --- The plaintext: WebCrypto AES-GCM with the derived key.
  const gk = await subtle().importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  let ptBytes;
  try {
    ptBytes = new Uint8Array(
      await subtle().decrypt({ name: "AES-GCM", iv, additionalData: aad, tagLength: 128 }, gk, concat(ct, tag)),
    );
  } catch (err) {
    throw new Error(`AES-GCM: the derived content key does not open the JWE (${err?.message ?? err})`);
  }
  const plaintext = td.decode(ptBytes);
  add("plaintext", "plaintext", ptBytes);
  for (const mem of jsonMembers(plaintext)) {
    const extra = IN_SUMMARY.has(mem.key) ? { alsoInSummary: true } : {};
    const vb = mem.value === null ? null : te.encode(mem.value);
    if (vb && vb.length >= 8) {
      add("plaintext", `field:${mem.path}`, vb, extra);
      if (mem.valueRaw.slice(1, -1) !== mem.value) add("plaintext", `field:${mem.path}(escaped)`, te.encode(mem.valueRaw.slice(1, -1)), extra);
    } else if (mem.memberRaw !== null) {
      add("plaintext", `field:${mem.path}(json)`, te.encode(mem.memberRaw), extra);
    } else {
      skipped.push({ name: `field:${mem.path}`, reason: "short value without a member name" });
    }
  }

  // --- Minimum length, no one-byte-value needles, no duplicates.
  const out = [];
  const byBytes = new Map();
  for (const nd of needles) {
    if (nd.bytes.length < 8) {
      skipped.push({ name: nd.name, reason: `${nd.bytes.length} bytes (< 8)` });
      continue;
    }
    if (nd.bytes.every((x) => x === nd.bytes[0])) {
      skipped.push({ name: nd.name, reason: `all bytes 0x${nd.bytes[0].toString(16).padStart(2, "0")}` });
      continue;
    }
    const key = hex(nd.bytes);
    const first = byBytes.get(key);
    if (first) {
      (first.aliases ??= []).push(nd.name);
      continue;
    }
    byBytes.set(key, nd);
    out.push(nd);
  }

  return {
    plaintext,
    needles: out,
    skipped,
    parts: { header, protectedB64: hdrB64, encryptedKey: ek, iv, ciphertext: ct, tag, n, e, m, k, em, seed, db, cek, roundKeys: rks, h, j0, tagMask, keystream, ghash: xs },
  };
}

// ---------------------------------------------------------------------------------------
// scan

/**
 * Offsets of every needle in `memoryBytes`, in one pass over the memory: the u32 made of the
 * four bytes at each offset (little-endian) is filtered through a bitmap, then looked up in
 * a Map of needles by their first four bytes, and only those candidates are compared.
 * Reads `memoryBytes` in place (no copy), so it may be a view of a wasm memory's buffer.
 *
 * @param {Uint8Array} memoryBytes
 * @param {{name: string, bytes: Uint8Array}[]} needles each at least 4 bytes long
 * @returns {{name: string, offsets: number[]}[]} the needles found, in needle order
 */
export function scan(memoryBytes, needles) {
  if (!(memoryBytes instanceof Uint8Array)) throw new TypeError("scan: memoryBytes must be a Uint8Array");
  const FILTER_BITS = 20;
  const filter = new Uint8Array(1 << FILTER_BITS);
  const slot = (key) => Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS);
  const byPrefix = new Map();
  const hits = needles.map(() => []);
  needles.forEach((nd, idx) => {
    const b = nd.bytes;
    if (!(b instanceof Uint8Array) || b.length < 4) throw new Error(`scan: needle ${nd.name} shorter than 4 bytes`);
    const key = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    filter[slot(key)] = 1;
    const list = byPrefix.get(key);
    if (list) list.push(idx);
    else byPrefix.set(key, [idx]);
  });
  const mem = memoryBytes;
  const len = mem.length;
  if (len >= 4) {
    let key = (mem[0] | (mem[1] << 8) | (mem[2] << 16) | (mem[3] << 24)) >>> 0;
    for (let i = 0; ; ) {
      if (filter[Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS)] === 1) {
        const cands = byPrefix.get(key);
        if (cands) {
          for (const idx of cands) {
            const b = needles[idx].bytes;
            if (i + b.length > len) continue;
            let j = 4;
            while (j < b.length && mem[i + j] === b[j]) j++;
            if (j === b.length) hits[idx].push(i);
          }
        }
      }
      if (++i + 4 > len) break;
      key = ((key >>> 8) | (mem[i + 3] << 24)) >>> 0;
    }
  }
  const out = [];
  needles.forEach((nd, idx) => {
    if (hits[idx].length) out.push({ name: nd.name, offsets: hits[idx] });
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// nonZeroRanges

/**
 * The non-zero bytes of `memoryBytes[from, to)` as `[start, end)` ranges, runs of fewer than
 * `gap` zero bytes merged into the range around them (gap = 1: exact runs).
 *
 * @returns {{ ranges: [number, number][], total: number, nonZeroBytes: number, truncated: boolean }}
 *   at most `limit` ranges (default 20), `total` counting all of them
 */
export function nonZeroRanges(memoryBytes, from = 0, to = memoryBytes.length, { limit = 20, gap = 16 } = {}) {
  if (!(memoryBytes instanceof Uint8Array)) throw new TypeError("nonZeroRanges: memoryBytes must be a Uint8Array");
  from = Math.max(0, Math.min(from, memoryBytes.length));
  to = Math.max(from, Math.min(to, memoryBytes.length));
  const ranges = [];
  let total = 0;
  let nonZeroBytes = 0;
  let start = -1;
  let end = -1;
  const flush = () => {
    if (start < 0) return;
    total++;
    if (ranges.length < limit) ranges.push([start, end]);
    start = -1;
  };
  for (let i = from; i < to; i++) {
    if (memoryBytes[i] === 0) continue;
    nonZeroBytes++;
    if (start >= 0 && i - end < gap) end = i + 1;
    else {
      flush();
      start = i;
      end = i + 1;
    }
  }
  flush();
  return { ranges, total, nonZeroBytes, truncated: total > ranges.length };
}
