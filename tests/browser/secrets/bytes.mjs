// The secrets oracle's byte and integer helpers (see ../secrets.mjs): base64url, hex,
// BigInt to and from bytes, modular arithmetic, SHA-256 and MGF1 (by WebCrypto).


export const te = new TextEncoder();
export const td = new TextDecoder("utf-8", { fatal: true });
export const subtle = () => {
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

export const xor = (a, b) => a.map((x, i) => x ^ b[i]);
export const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
export const eqBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
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
