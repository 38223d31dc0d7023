// Shared set-up and independent reference arithmetic for the oracle's tests (see
// ../secrets.test.mjs): the test key, byte helpers, GHASH, POLYVAL's dot, modular
// arithmetic and AES-ECB by node:crypto, none of them the module's.
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { createCipheriv } from "node:crypto";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const PRIVATE_JWK = JSON.parse(readFileSync(`${root}tests/keys/rsa2048-private.jwk`, "utf8")); // TEST KEY
export const hex = (b) => Buffer.from(b).toString("hex");
export const unhex = (h) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ""), "hex"));
export const enc = new TextEncoder();
export const leInt = (b) => BigInt("0x" + (hex(Uint8Array.from(b).reverse()) || "0"));
export const beInt = (b) => BigInt("0x" + (hex(b) || "0"));
export const b64u = (s) => new Uint8Array(Buffer.from(s, "base64url"));

// ---------------------------------------------------------------------------------------
// Independent reference arithmetic (not the module's): GHASH with 32-bit words, POLYVAL's
// dot product on little-endian BigInts, modular exponentiation.

/** GF(2^128) product, GCM bit order, on four big-endian 32-bit words (shift-right method). */
export function ghashMul(xb, yb) {
  const w = (b) => [0, 4, 8, 12].map((i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0);
  const x = w(xb);
  let v = w(yb);
  let z = [0, 0, 0, 0];
  for (let i = 0; i < 128; i++) {
    if ((x[i >> 5] >>> (31 - (i & 31))) & 1) z = z.map((zi, j) => (zi ^ v[j]) >>> 0);
    const lsb = v[3] & 1;
    v = [v[0] >>> 1, ((v[1] >>> 1) | (v[0] << 31)) >>> 0, ((v[2] >>> 1) | (v[1] << 31)) >>> 0, ((v[3] >>> 1) | (v[2] << 31)) >>> 0];
    if (lsb) v[0] = (v[0] ^ 0xe1000000) >>> 0;
  }
  return Uint8Array.from(z.flatMap((zi) => [zi >>> 24, (zi >>> 16) & 0xff, (zi >>> 8) & 0xff, zi & 0xff]));
}
export const xor16 = (a, b) => Uint8Array.from(a, (x, i) => x ^ b[i]);
export const blocksOf = (b) => {
  const out = [];
  for (let i = 0; i < b.length; i += 16) {
    const blk = new Uint8Array(16);
    blk.set(b.subarray(i, i + 16));
    out.push(blk);
  }
  return out;
};
export const lenBlock = (aadLen, ctLen) => {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setBigUint64(0, BigInt(aadLen) * 8n);
  new DataView(b.buffer).setBigUint64(8, BigInt(ctLen) * 8n);
  return b;
};
/** GHASH_H(A, C) with the local multiply: the list of accumulators. */
export function ghashLocal(h, aad, ct) {
  let x = new Uint8Array(16);
  return [...blocksOf(aad), ...blocksOf(ct), lenBlock(aad.length, ct.length)].map((b) => (x = ghashMul(xor16(x, b), h)));
}

/** POLYVAL dot(a, b) = a·b·x^-128 mod x^128 + x^127 + x^126 + x^121 + 1 (RFC 8452 §3). */
export const POLY = (1n << 128n) | (1n << 127n) | (1n << 126n) | (1n << 121n) | 1n;
export function dot(a, b) {
  let p = 0n;
  for (let i = 0n; i < 128n; i++) if ((b >> i) & 1n) p ^= a << i;
  for (let i = 0; i < 128; i++) {
    if (p & 1n) p ^= POLY;
    p >>= 1n;
  }
  for (let i = 255n; i >= 128n; i--) if ((p >> i) & 1n) p ^= POLY << (i - 128n);
  return p;
}
export const feLE = (b) => leInt(b);
export const feBytes = (v) => Uint8Array.from({ length: 16 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));

export function powmod(b, e, m) {
  let r = 1n;
  for (b %= m; e; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}
export function inverse(a, m) {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** One AES-256 block by node:crypto (ECB). */
export function ecb(key, block) {
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
}
