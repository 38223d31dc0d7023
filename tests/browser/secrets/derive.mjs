// The secrets oracle's deriveSecrets (see ../secrets.mjs for what is derived and why):
// every secret of a JWE, from the JWE and the private key.


import {
  b64uDecode, bigFromBE, bigToBE, bigToLE, bitLength, concat, eqBytes, hex, mgf1, modPow, sha256,
  subtle, swap32, td, te, xor,
} from "./bytes.mjs";
import {
  aesCtrBlocks, aesExpandKey, broadcast32, broadcast64, fixslicedRoundKeys, inc32, wordsLE,
} from "./aes.mjs";
import { bitrevLimbs, ghashStates, polyvalKey } from "./ghash.mjs";
import { IN_SUMMARY, jsonMembers } from "./json.mjs";
import { powIntermediates } from "./rsa.mjs";

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
