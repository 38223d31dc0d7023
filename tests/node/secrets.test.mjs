// Proves the memory suite's oracle (tests/browser/secrets.mjs) right: its AES, GHASH and
// polyval forms against the published vectors and against the crates' own memory layout,
// every derived secret of a jose-sealed JWE against an independent path (node:crypto, local
// GF(2^128) arithmetic), and the scanner and the zero check on planted data.
//
// Standalone: needs only the `jose` dev dependency, not the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createCipheriv, createDecipheriv, createHash, publicEncrypt, createPublicKey, constants } from "node:crypto";
import { fileURLToPath } from "node:url";
import { CompactEncrypt, importJWK, compactDecrypt } from "jose";
import {
  deriveSecrets,
  scan,
  nonZeroRanges,
  aesExpandKey,
  aesEncryptBlock,
  aesCtrBlocks,
  inc32,
  ghashStates,
  polyvalKey,
  fixslicedRoundKeys,
  broadcast32,
  broadcast64,
  bitrevLimbs,
  powIntermediates,
} from "../browser/secrets.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const PRIVATE_JWK = JSON.parse(readFileSync(`${root}tests/keys/rsa2048-private.jwk`, "utf8")); // TEST KEY
const hex = (b) => Buffer.from(b).toString("hex");
const unhex = (h) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ""), "hex"));
const enc = new TextEncoder();
const leInt = (b) => BigInt("0x" + (hex(Uint8Array.from(b).reverse()) || "0"));
const beInt = (b) => BigInt("0x" + (hex(b) || "0"));
const b64u = (s) => new Uint8Array(Buffer.from(s, "base64url"));

// ---------------------------------------------------------------------------------------
// Independent reference arithmetic (not the module's): GHASH with 32-bit words, POLYVAL's
// dot product on little-endian BigInts, modular exponentiation.

/** GF(2^128) product, GCM bit order, on four big-endian 32-bit words (shift-right method). */
function ghashMul(xb, yb) {
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
const xor16 = (a, b) => Uint8Array.from(a, (x, i) => x ^ b[i]);
const blocksOf = (b) => {
  const out = [];
  for (let i = 0; i < b.length; i += 16) {
    const blk = new Uint8Array(16);
    blk.set(b.subarray(i, i + 16));
    out.push(blk);
  }
  return out;
};
const lenBlock = (aadLen, ctLen) => {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setBigUint64(0, BigInt(aadLen) * 8n);
  new DataView(b.buffer).setBigUint64(8, BigInt(ctLen) * 8n);
  return b;
};
/** GHASH_H(A, C) with the local multiply: the list of accumulators. */
function ghashLocal(h, aad, ct) {
  let x = new Uint8Array(16);
  return [...blocksOf(aad), ...blocksOf(ct), lenBlock(aad.length, ct.length)].map((b) => (x = ghashMul(xor16(x, b), h)));
}

/** POLYVAL dot(a, b) = a·b·x^-128 mod x^128 + x^127 + x^126 + x^121 + 1 (RFC 8452 §3). */
const POLY = (1n << 128n) | (1n << 127n) | (1n << 126n) | (1n << 121n) | 1n;
function dot(a, b) {
  let p = 0n;
  for (let i = 0n; i < 128n; i++) if ((b >> i) & 1n) p ^= a << i;
  for (let i = 0; i < 128; i++) {
    if (p & 1n) p ^= POLY;
    p >>= 1n;
  }
  for (let i = 255n; i >= 128n; i--) if ((p >> i) & 1n) p ^= POLY << (i - 128n);
  return p;
}
const feLE = (b) => leInt(b);
const feBytes = (v) => Uint8Array.from({ length: 16 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));

function powmod(b, e, m) {
  let r = 1n;
  for (b %= m; e; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}
function inverse(a, m) {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** One AES-256 block by node:crypto (ECB). */
function ecb(key, block) {
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
}

// ---------------------------------------------------------------------------------------
// AES

const A3_KEY = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";

test("AES-256 key expansion matches FIPS-197 Appendix A.3", () => {
  const want =
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4" +
    "9ba354118e6925afa51a8b5f2067fcdea8b09c1a93d194cdbe49846eb75d5b9a" +
    "d59aecb85bf3c917fee94248de8ebe96b5a9328a2678a647983122292f6c79b3" +
    "812c81addadf48ba24360af2fab8b46498c5bfc9bebd198e268c3ba709e04214" +
    "68007bacb2df331696e939e46c518d80c814e20476a9fb8a5025c02d59c58239" +
    "de1369676ccc5a71fa2563959674ee155886ca5d2e2f31d77e0af1fa27cf73c3" +
    "749c47ab18501ddae2757e4f7401905acafaaae3e4d59b349adf6acebd10190d" +
    "fe4890d1e6188d0b046df344706c631e";
  const rks = aesExpandKey(unhex(A3_KEY));
  assert.equal(rks.length, 15);
  assert.equal(rks.map(hex).join(""), want);
});

test("AES-256 block matches FIPS-197 Appendix C.3, node:crypto and WebCrypto", async () => {
  const key = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const pt = unhex("00112233445566778899aabbccddeeff");
  const rks = aesExpandKey(key);
  assert.equal(hex(aesEncryptBlock(rks, pt)), "8ea2b7ca516745bfeafc49904b496089");
  assert.equal(hex(await aesCtrBlocks(key, pt, 1)), "8ea2b7ca516745bfeafc49904b496089");
  // The module's own AES and its WebCrypto block function agree with node:crypto on random
  // keys and blocks, and the WebCrypto counter increments as inc32 (wrapping at 2^32).
  for (let i = 0; i < 16; i++) {
    const k = crypto.getRandomValues(new Uint8Array(32));
    const b = crypto.getRandomValues(new Uint8Array(16));
    if (i === 0) b.set([0xff, 0xff, 0xff, 0xfe], 12);
    const own = aesExpandKey(k);
    const web = await aesCtrBlocks(k, b, 3);
    for (let j = 0; j < 3; j++) {
      const want = ecb(k, inc32(b, j));
      assert.equal(hex(aesEncryptBlock(own, inc32(b, j))), hex(want));
      assert.equal(hex(web.subarray(16 * j, 16 * j + 16)), hex(want));
    }
  }
  assert.equal(hex(inc32(unhex("000000000000000000000000ffffffff"))), "00000000000000000000000000000000");
});

// ---------------------------------------------------------------------------------------
// GCM: H, E_K(J0), GHASH against McGrew–Viega test cases 13–16 (AES-256)

const GCM = [
  { tc: 13, key: "00".repeat(32), iv: "00".repeat(12), p: "", a: "", h: "dc95c078a2408989ad48a21492842087", c: "", t: "530f8afbc74536b9a963b4f1c4cb738b", ghash: "00000000000000000000000000000000" },
  { tc: 14, key: "00".repeat(32), iv: "00".repeat(12), p: "00".repeat(16), a: "", h: "dc95c078a2408989ad48a21492842087", c: "cea7403d4d606b6e074ec5d3baf39d18", t: "d0d1c8a799996bf0265b98b5d48ab919", ghash: "83de425c5edc5d498f382c441041ca92" },
  {
    tc: 15,
    key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    iv: "cafebabefacedbaddecaf888",
    p: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
    a: "",
    h: "acbef20579b4b8ebce889bac8732dad7",
    c: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
    t: "b094dac5d93471bdec1a502270e3cc6c",
    ghash: "4db870d37cb75fcb46097c36230d1612",
  },
  {
    tc: 16,
    key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    iv: "cafebabefacedbaddecaf888",
    p: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
    a: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
    h: "acbef20579b4b8ebce889bac8732dad7",
    c: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad".slice(0, 120),
    t: "76fc6ece0f4e1768cddf8853bb2d551b",
    ghash: "8bd0c4d8aacd391e67cca447e8c38f65",
  },
];

for (const v of GCM) {
  test(`GCM spec test case ${v.tc}: H = E_K(0), E_K(J0), keystream and GHASH give C and T`, async () => {
    const key = unhex(v.key);
    const iv = unhex(v.iv);
    const p = unhex(v.p);
    const a = unhex(v.a);
    const c = unhex(v.c);
    const h = await aesCtrBlocks(key, new Uint8Array(16), 1);
    assert.equal(hex(h), v.h, "H = E_K(0^128), WebCrypto");
    assert.equal(hex(aesEncryptBlock(aesExpandKey(key), new Uint8Array(16))), v.h, "H, own AES");
    const j0 = Uint8Array.from([...iv, 0, 0, 0, 1]);
    const tagMask = await aesCtrBlocks(key, j0, 1);
    assert.equal(hex(tagMask), hex(aesEncryptBlock(aesExpandKey(key), j0)));
    const n = Math.ceil(p.length / 16);
    const ks = n ? await aesCtrBlocks(key, inc32(j0), n) : new Uint8Array(0);
    assert.equal(hex(p.map((x, i) => x ^ ks[i])), v.c, "keystream XOR P = C");
    const local = ghashLocal(h, a, c);
    assert.equal(hex(local.at(-1)), v.ghash, "local GHASH");
    assert.equal(hex(xor16(local.at(-1), tagMask)), v.t, "T = GHASH ⊕ E_K(J0)");
    // The module's GHASH accumulators are the same as the local ones.
    assert.deepEqual(ghashStates(h, a, c).map(hex), local.map(hex));
  });
}

// ---------------------------------------------------------------------------------------
// polyval: the GHASH key's in-memory form

test("polyval key form: RFC 8452 mulX vector, dot vectors, POLYVAL = reversed GHASH", () => {
  // RFC 8452 Appendix A (errata): mulX_POLYVAL(9c98…) = 3931…; polyvalKey(h) = mulX(rev(h)).
  const mulxIn = unhex("9c98c04df9387ded828175a92ba652d8");
  assert.equal(hex(polyvalKey(mulxIn.slice().reverse())), "3931819bf271fada0503eb52574ca572");
  // The local dot against RFC 8452 §7 (and polyval's fe_mul test) and Appendix A.
  assert.equal(hex(feBytes(dot(feLE(unhex("66e94bd4ef8a2c3b884cfa59ca342b2e")), feLE(unhex("ff000000000000000000000000000000"))))), "ebe563401e7e91ea3ad6426b8140c394");
  const H = feLE(unhex("25629347589242761d31f826ba4b757b"));
  const y1 = dot(feLE(unhex("4f4f95668c83dfb6401762bb2d01a262")), H);
  assert.equal(hex(feBytes(dot(y1 ^ feLE(unhex("d1a24ddd2721d006bbe45f20d3c9f362")), H))), "f7a3b47b846119fae5b7866cf5e5b77e");
  // ghash 0.6 runs POLYVAL with key polyvalKey(H) over reversed blocks; its accumulator y_i
  // is rev(X_i) at every step, so the "-reversed" GHASH needles are polyval's `y`.
  for (let i = 0; i < 8; i++) {
    const h = crypto.getRandomValues(new Uint8Array(16));
    const aad = crypto.getRandomValues(new Uint8Array(5 + 13 * i));
    const ct = crypto.getRandomValues(new Uint8Array(1 + 17 * i));
    const xs = ghashLocal(h, aad, ct);
    const hp = feLE(polyvalKey(h));
    let y = 0n;
    const blocks = [...blocksOf(aad), ...blocksOf(ct), lenBlock(aad.length, ct.length)];
    blocks.forEach((b, j) => {
      y = dot(y ^ feLE(b.slice().reverse()), hp);
      assert.equal(hex(feBytes(y)), hex(xs[j].slice().reverse()), `y_${j + 1} = rev(X_${j + 1})`);
    });
  }
});

// The `AesGcm<Aes256, U12>` struct of aes-gcm 0.11.1 (aes 0.9.4 soft backend, ghash 0.6.0,
// polyval 0.7.3) for the FIPS-197 A.3 key, copied out of wasm32 linear memory
// (size_of = 272) by a throwaway wasm32 harness built from the same crates:
//   [0..16)   polyval State.h, [16..32) polyval State.y (zero), [32..272) Aes256 rk: [u16; 120]
// once with RUSTFLAGS='--cfg cpubits="32" --cfg aes_backend_soft="compact"' and once with
// the default soft backend (the default and cpubits="32" builds give the same bytes).
const CRATE_DUMP_HEAD = "a950218680999a2eaced9e2903edd108" + "00000000000000000000000000000000";
const CRATE_DUMP_COMPACT =
  "de8b642d9a2cb425d27ad56fe14b28e5904dfc4d35d68f0eb353999bbfad8072" +
  "4a892c1b86eb63ec41d943d55f3617ac25edf11d1c3d95f67eced2df2fcd6f5d" +
  "9cdd41538da9de5b3fb89be690b8fd9b568df5221b187ca2c5460490afed25c8" +
  "deee959b7498ba36ea682307d53dab799752f9c8e674cb9d434da9dacf7df3b4" +
  "1ff0d9dc2c78691da627b4a816be66d82797fde1b2a049782e483d93e0f2511f" +
  "af0ae2e1ebd8270b9de239c258c02d48a72401897e90d7a405bbb1d4ea083075" +
  "3facfb0a594712f67baeb2eb921a143837355a52ca70ad6ffc1ad56a1c5eefac" +
  "bfc1fc53c7c2f1a2299534f324a30317";
const CRATE_DUMP_FULL =
  "de8b642d9a2cb425d27ad56fe14b28e5904dfc4d35d68f0eb353999bbfad8072" +
  "1a298c4b26bb93bc117913755fc647ac85bdf14d4ccd65f6de3e727f8f3d9f5d" +
  "9cdd41538da9de5b3fb89be690b8fd9b568df5221b187ca2c5460490afed25c8" +
  "7ebe656bd468eac6ba98830775cdabd96752f938b6d43b6d131da97a3fddf3e4" +
  "1ff0d9dc2c78691da627b4a816be66d82797fde1b2a049782e483d93e0f2511f" +
  "af0ab2b1bb78870b6db2c93258308d18a7840129de6077a405ebe174ba08c0d5" +
  "3facfb0a594712f67baeb2eb921a143837355a52ca70ad6ffc1ad56a1c5eefac" +
  "bfc1fc53c7c2f1a2299534f324a30317";

test("the fixsliced round keys and the polyval key match the crates' own AesGcm struct", async () => {
  const key = unhex(A3_KEY);
  const rks = aesExpandKey(key);
  const le16 = (words) => hex(Uint8Array.from(words.flatMap((w) => [w & 0xff, w >> 8])));
  assert.equal(fixslicedRoundKeys(rks, true).map(le16).join(""), CRATE_DUMP_COMPACT);
  assert.equal(fixslicedRoundKeys(rks, false).map(le16).join(""), CRATE_DUMP_FULL);
  const h = await aesCtrBlocks(key, new Uint8Array(16), 1);
  assert.equal(hex(polyvalKey(h)) + "00".repeat(16), CRATE_DUMP_HEAD);
  // And scan finds the needles where the struct has them.
  const dump = unhex(CRATE_DUMP_HEAD + CRATE_DUMP_COMPACT);
  const needles = fixslicedRoundKeys(rks, true).map((w, r) => ({ name: `rk${r}`, bytes: unhex(le16(w)) }));
  needles.push({ name: "h", bytes: polyvalKey(h) });
  const found = Object.fromEntries(scan(dump, needles).map((f) => [f.name, f.offsets]));
  for (let r = 0; r < 15; r++) assert.deepEqual(found[`rk${r}`], [32 + 16 * r]);
  assert.deepEqual(found.h, [0]);
});

test("word broadcasts, bit-reversed limbs, exponentiation windows", () => {
  assert.equal(broadcast32(0x8001), 0xc0000003);
  assert.equal(broadcast32(0xffff), 0xffffffff);
  assert.equal(broadcast64(0x8001), 0xf00000000000000fn);
  assert.equal(broadcast64(0x0100), 0x0000000f00000000n);
  const fe = unhex("0100000080000000" + "0000000000000001");
  assert.equal(hex(bitrevLimbs(fe, 4)), "00000080" + "00000001" + "00000000" + "80000000");
  assert.equal(hex(bitrevLimbs(fe, 8)), "0000000100000080" + "8000000000000000");
  const e65537 = powIntermediates(65537n).map(Number);
  assert.deepEqual(e65537, [...Array.from({ length: 16 }, (_, i) => i + 1), 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]);
  assert.deepEqual(powIntermediates(3n).map(Number), [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
});

// ---------------------------------------------------------------------------------------
// deriveSecrets on jose-sealed JWEs

const PUBLIC_JWK = { kty: "RSA", n: PRIVATE_JWK.n, e: PRIVATE_JWK.e };
async function seal(plaintext) {
  const key = await importJWK(PUBLIC_JWK, "RSA-OAEP-256");
  return new CompactEncrypt(enc.encode(plaintext)).setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", cty: "cardseal+json" }).encrypt(key);
}
const WHOLE_FORM = JSON.stringify({
  number: "4111111111111111",
  exp_month: 12,
  exp_year: 2034,
  cvc: "123",
  name: "Budi Santoso",
  email: "budi@example.co.id",
  phone: "+6281234567890",
  address: { line1: "Jl. Jend. Sudirman No. 1", city: "Jakarta", postal_code: "10220", country: "ID" },
});

/** The checks every derivation must pass, against independent computations. */
async function checkDerivation(jwe, plaintext) {
  const s = await deriveSecrets(jwe, PRIVATE_JWK);
  const [hdr, ekB64, ivB64, ctB64, tagB64] = jwe.split(".");
  const [ek, iv, ct, tag] = [ekB64, ivB64, ctB64, tagB64].map(b64u);
  const byName = new Map(s.needles.map((nd) => [nd.name, nd.bytes]));
  for (const nd of s.needles) for (const a of nd.aliases ?? []) byName.set(a, nd.bytes);
  const need = (name) => {
    assert.ok(byName.has(name), `needle ${name}`);
    return byName.get(name);
  };

  if (plaintext !== undefined) assert.equal(s.plaintext, plaintext);

  // Raw RSA: EM^e mod n is exactly the encrypted_key (node:crypto, no padding).
  const em = need("em");
  const pub = createPublicKey({ key: PUBLIC_JWK, format: "jwk" });
  assert.equal(hex(publicEncrypt({ key: pub, padding: constants.RSA_NO_PADDING }, em)), hex(ek));
  assert.equal(hex(need("em-le")), hex(em.slice().reverse()));

  // OAEP re-encoded from seed and CEK with node:crypto's SHA-256 gives EM back.
  const mgf = (seed, len) => {
    const out = [];
    for (let c = 0; out.length < len; c++) out.push(...createHash("sha256").update(seed).update(Uint8Array.of(c >>> 24, c >>> 16, c >>> 8, c)).digest());
    return Uint8Array.from(out.slice(0, len));
  };
  const cek = need("cek");
  const seed = need("oaep-seed");
  const k = em.length;
  const db = new Uint8Array(k - 33);
  db.set(createHash("sha256").digest());
  db[db.length - 33] = 1;
  db.set(cek, db.length - 32);
  assert.equal(hex(need("oaep-db")), hex(db));
  const maskedDB = db.map((x, i) => x ^ mgf(seed, k - 33)[i]);
  const maskedSeed = seed.map((x, i) => x ^ mgf(maskedDB, 32)[i]);
  assert.equal(hex(em), "00" + hex(maskedSeed) + hex(maskedDB));
  assert.equal(hex(need("oaep-masked-db")), hex(maskedDB));
  assert.equal(hex(need("oaep-masked-seed")), hex(maskedSeed));
  assert.equal(hex(need("oaep-db-mask")), hex(mgf(seed, k - 33)));
  assert.equal(hex(need("oaep-seed-mask")), hex(mgf(maskedDB, 32)));

  // The CEK decrypts (node:crypto AES-256-GCM, AAD = the protected header's ASCII).
  const d = createDecipheriv("aes-256-gcm", cek, iv);
  d.setAAD(enc.encode(hdr));
  d.setAuthTag(tag);
  const pt = Buffer.concat([d.update(ct), d.final()]);
  assert.equal(pt.toString("utf8"), s.plaintext);

  // The keystream blocks XOR the plaintext give the ciphertext; every block is there.
  const nKs = Math.ceil(ct.length / 16);
  const ks = Array.from({ length: nKs }, (_, i) => need(`gcm-keystream${i + 1}`));
  assert.ok(!byName.has(`gcm-keystream${nKs + 1}`));
  assert.equal(hex(pt.map((x, i) => x ^ ks[i >> 4][i & 15])), hex(ct));
  const j0 = Uint8Array.from([...iv, 0, 0, 0, 1]);
  ks.forEach((b, i) => assert.equal(hex(b), hex(ecb(cek, inc32(j0, i + 1)))));

  // The tag, from H and E_K(J0) with the local GHASH, is the JWE's tag: proves both.
  const h = need("gcm-h");
  const tagMask = need("gcm-tag-mask");
  const xs = ghashLocal(h, enc.encode(hdr), ct);
  assert.equal(hex(xor16(xs.at(-1), tagMask)), hex(tag));
  xs.slice(0, -1).forEach((x, i) => {
    assert.equal(hex(need(`gcm-ghash-x${i + 1}`)), hex(x));
    assert.equal(hex(need(`gcm-ghash-x${i + 1}-reversed`)), hex(x.slice().reverse()));
  });
  assert.equal(hex(need("gcm-ghash-s")), hex(xs.at(-1)));
  assert.equal(hex(need("gcm-h-reversed")), hex(h.slice().reverse()));
  // polyval's key: the local POLYVAL with it over reversed blocks ends at rev(S).
  const hp = feLE(need("gcm-h-polyval"));
  let y = 0n;
  for (const b of [...blocksOf(enc.encode(hdr)), ...blocksOf(ct), lenBlock(hdr.length, ct.length)]) y = dot(y ^ feLE(b.slice().reverse()), hp);
  assert.equal(hex(xor16(feBytes(y).reverse(), tagMask)), hex(tag));

  // AES round keys: FIPS-197 expansion of the CEK, rk0 || rk1 = CEK, node:crypto agrees.
  assert.equal(hex(need("aes-rk0")) + hex(need("aes-rk1")), hex(cek));
  assert.equal(hex(aesEncryptBlock(aesExpandKey(cek), new Uint8Array(16))), hex(h));
  for (let r = 0; r < 15; r++) {
    const rk = need(`aes-rk${r}`);
    const sw = need(`aes-rk${r}-u32swap`);
    for (let i = 0; i < 16; i++) assert.equal(sw[i], rk[(i & ~3) + 3 - (i & 3)]);
    for (const layout of ["compact", "full"]) {
      const w16 = need(`aes-fixslice-${layout}-rk${r}`);
      const w32 = need(`aes-fixslice-${layout}-rk${r}-u32`);
      const w64 = need(`aes-fixslice-${layout}-rk${r}-u64`);
      for (let i = 0; i < 8; i++) {
        const w = w16[2 * i] | (w16[2 * i + 1] << 8);
        assert.equal(new DataView(w32.buffer, w32.byteOffset).getUint32(4 * i, true), broadcast32(w));
        assert.equal(new DataView(w64.buffer, w64.byteOffset).getBigUint64(8 * i, true), broadcast64(w));
      }
    }
  }

  // Montgomery forms: v·R^-1 mod n = EM^k, v < R, v = (EM^k·R mod n) + j·n.
  const n = beInt(b64u(PRIVATE_JWK.n));
  const m = beInt(em);
  const ks_ = new Set();
  let count = 0;
  for (const nd of s.needles) {
    for (const name of [nd.name, ...(nd.aliases ?? [])]) {
      const mm = /^(?:em-mont|rsa-mont-em\^(\d+))(@64)?(?:\+(\d+)n)?-(le|be)$/.exec(name);
      if (!mm) continue;
      count++;
      const kk = BigInt(mm[1] ?? 1);
      const limbBits = mm[2] ? 64 : 32;
      const R = 1n << BigInt(Math.ceil(2048 / limbBits) * limbBits);
      const v = mm[4] === "le" ? leInt(nd.bytes) : beInt(nd.bytes);
      assert.equal(nd.bytes.length * 8, Number(R.toString(2).length - 1));
      assert.ok(v < R);
      assert.equal((v * inverse(R % n, n)) % n, powmod(m, kk, n), name);
      assert.equal(v, ((powmod(m, kk, n) * R) % n) + BigInt(mm[3] ?? 0) * n, name);
      if (!mm[3] && mm[4] === "le") ks_.add(Number(kk));
    }
  }
  assert.ok(count >= 2 * 28);
  assert.deepEqual([...ks_].sort((a, b) => a - b), powIntermediates(65537n).map(Number));
  assert.equal((leInt(need("em-mont-le")) * inverse((1n << 2048n) % n, n)) % n, m, "Montgomery form · R^-1 = EM");

  // Needle hygiene.
  const names = s.needles.map((nd) => nd.name);
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(s.needles.map((nd) => hex(nd.bytes))).size, s.needles.length, "no duplicate bytes");
  for (const nd of s.needles) {
    assert.ok(nd.bytes instanceof Uint8Array && nd.bytes.length >= 8, nd.name);
    assert.ok(!nd.bytes.every((x) => x === nd.bytes[0]), nd.name);
  }
  return s;
}

test("deriveSecrets: a whole-form JWE sealed by jose", async () => {
  const jwe = await seal(WHOLE_FORM);
  const s = await checkDerivation(jwe, WHOLE_FORM);
  const get = (name) => s.needles.find((nd) => nd.name === name);
  const text = (name) => new TextDecoder().decode(get(name).bytes);
  assert.equal(text("plaintext"), WHOLE_FORM);
  assert.equal(text("field:number"), "4111111111111111");
  assert.equal(text("field:cvc(json)"), '"cvc":"123"');
  assert.equal(text("field:exp_month(json)"), '"exp_month":12');
  assert.equal(text("field:exp_year(json)"), '"exp_year":2034');
  assert.equal(text("field:name"), "Budi Santoso");
  assert.equal(text("field:email"), "budi@example.co.id");
  assert.equal(text("field:phone"), "+6281234567890");
  assert.equal(text("field:address.line1"), "Jl. Jend. Sudirman No. 1");
  assert.equal(text("field:address.city(json)"), '"city":"Jakarta"');
  assert.equal(text("field:address.postal_code(json)"), '"postal_code":"10220"');
  assert.equal(text("field:address.country(json)"), '"country":"ID"');
  assert.equal(get("field:exp_month(json)").alsoInSummary, true);
  assert.equal(get("field:number").alsoInSummary, undefined);
  for (const g of ["rsa", "oaep", "aes", "gcm", "plaintext"]) assert.ok(s.needles.some((nd) => nd.group === g), g);
  assert.ok(s.needles.length > 250 && s.needles.length < 500, `${s.needles.length} needles`);
});

test("deriveSecrets: per-field JWEs, escapes, and the repository's cardseal vector", async () => {
  for (const [pt, field, want] of [
    ['{"cvc":"123"}', "field:cvc(json)", '"cvc":"123"'],
    ['{"number":"4111111111111111"}', "field:number", "4111111111111111"],
    ['{"exp_month":1}', "field:exp_month(json)", '"exp_month":1'],
  ]) {
    const s = await checkDerivation(await seal(pt), pt);
    assert.equal(new TextDecoder().decode(s.needles.find((nd) => nd.name === field).bytes), want);
  }
  // A value with JSON escapes: both the decoded (as Rust holds it) and the escaped text.
  const esc = JSON.stringify({ name: 'Zoë "Z" O\u2019Brien', cvc: "1234" });
  const s = await checkDerivation(await seal(esc), esc);
  const t = (n) => new TextDecoder().decode(s.needles.find((nd) => nd.name === n).bytes);
  assert.equal(t("field:name"), 'Zoë "Z" O\u2019Brien');
  assert.equal(t("field:name(escaped)"), 'Zoë \\"Z\\" O\u2019Brien');
  assert.equal(t("field:cvc(json)"), '"cvc":"1234"');
  // cardseal's own byte-exact vector (tests/seal.rs), sealed to the same test key.
  const vector = readFileSync(`${root}tests/vectors/seal-rsa2048-seed42.jwe`, "utf8").trim();
  const opened = await compactDecrypt(vector, await importJWK(PRIVATE_JWK, "RSA-OAEP-256"));
  await checkDerivation(vector, new TextDecoder().decode(opened.plaintext));
});

test("deriveSecrets refuses a wrong key and a tampered JWE", async () => {
  const jwe = await seal('{"cvc":"123"}');
  const other = JSON.parse(readFileSync(`${root}tests/keys/rsa2048-private.jwk`, "utf8"));
  other.d = Buffer.from(b64u(other.d).map((x, i) => (i === 5 ? x ^ 1 : x))).toString("base64url");
  for (const f of ["p", "q", "dp", "dq", "qi"]) delete other[f];
  await assert.rejects(deriveSecrets(jwe, other), /wrong private key|OAEP/);
  const parts = jwe.split(".");
  const tag = b64u(parts[4]);
  tag[0] ^= 1;
  parts[4] = Buffer.from(tag).toString("base64url");
  await assert.rejects(deriveSecrets(parts.join("."), PRIVATE_JWK), /does not open/);
  await assert.rejects(deriveSecrets("a.b.c", PRIVATE_JWK), /5 parts/);
  // The private JWK may also be given as its JSON text (as tests/browser/util.mjs holds it).
  assert.equal((await deriveSecrets(jwe, JSON.stringify(PRIVATE_JWK))).plaintext, '{"cvc":"123"}');
});

// ---------------------------------------------------------------------------------------
// scan and nonZeroRanges

test("scan reports exactly the planted needles, in a 4 MiB wasm memory, without copying it", () => {
  const memory = new WebAssembly.Memory({ initial: 64 }); // 64 pages = 4 MiB of zeros
  const mem = new Uint8Array(memory.buffer);
  const N = mem.length;
  const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
  const a = rnd(32);
  const b = rnd(16);
  const c = rnd(8);
  const sameHead = Uint8Array.from([...a.subarray(0, 4), ...rnd(12)]); // shares a's first 4 bytes
  const periodic = Uint8Array.from({ length: 12 }, (_, i) => [0xab, 0xcd, 0xef][i % 3]); // overlaps itself
  const nearMiss = rnd(24);
  const tail = rnd(16);
  const needles = [
    { name: "a", bytes: a },
    { name: "b", bytes: b },
    { name: "c", bytes: c },
    { name: "sameHead", bytes: sameHead },
    { name: "periodic", bytes: periodic },
    { name: "nearMiss", bytes: nearMiss },
    { name: "tail", bytes: tail },
    { name: "absent", bytes: rnd(64) },
  ];
  mem.set(a, 0); // at the very start
  mem.set(c, N - 8); // flush with the end
  mem.set(b, 1_000_003); // unaligned
  mem.set(a, 2_000_001); // a second copy, unaligned
  mem.set(sameHead, 2_500_000);
  // A needle made of b's last 8 bytes: found inside both copies of b (overlapping them).
  mem.set(b, 3_000_000);
  const cOverB = b.subarray(8);
  // periodic: 15 bytes abcdefabcdefabc → occurs at 3_100_001 and 3_100_004 (self-overlap)
  mem.set([0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef], 3_100_001);
  // nearMiss planted with its last byte flipped: not reported
  mem.set(nearMiss, 3_200_000);
  mem[3_200_000 + 23] ^= 0x01;
  // tail: only its first 10 bytes fit before the end
  mem.set(tail.subarray(0, 10), N - 8 - 10);
  mem.set(c, N - 8); // restore c at the end after tail's prefix
  const withOverlap = [...needles, { name: "cOverB", bytes: cOverB }];

  const found = scan(mem, withOverlap);
  assert.deepEqual(found, [
    { name: "a", offsets: [0, 2_000_001] },
    { name: "b", offsets: [1_000_003, 3_000_000] },
    { name: "c", offsets: [N - 8] },
    { name: "sameHead", offsets: [2_500_000] },
    { name: "periodic", offsets: [3_100_001, 3_100_004] },
    { name: "cOverB", offsets: [1_000_011, 3_000_008] },
  ]);
  // A view with an offset reports offsets relative to the view.
  assert.deepEqual(scan(mem.subarray(1_000_000, 1_000_100), [{ name: "b", bytes: b }]), [{ name: "b", offsets: [3] }]);
  // Nothing planted: nothing found; a shorter-than-needle memory: nothing found.
  assert.deepEqual(scan(new Uint8Array(1 << 20), needles), []);
  assert.deepEqual(scan(new Uint8Array(3), needles), []);
  // The memory was read in place: the wasm buffer is still attached and unchanged in size.
  assert.equal(memory.buffer.byteLength, N);
  assert.equal(mem.length, N);
  assert.throws(() => scan(mem, [{ name: "x", bytes: Uint8Array.of(1, 2, 3) }]), /shorter than 4/);
});

test("scan: a few hundred needles over 20 MiB in one pass", () => {
  const mem = new Uint8Array(20 << 20);
  for (let i = 0; i < mem.length; i += 3) mem[i] = (i * 2654435761) >>> 24; // busy, non-zero memory
  const needles = Array.from({ length: 400 }, (_, i) => ({ name: `n${i}`, bytes: crypto.getRandomValues(new Uint8Array(16 + (i % 241))) }));
  const at = [5, 10_000_001, (20 << 20) - needles[399].bytes.length];
  mem.set(needles[7].bytes, at[0]);
  mem.set(needles[123].bytes, at[1]);
  mem.set(needles[399].bytes, at[2]);
  const t0 = performance.now();
  const found = scan(mem, needles);
  const ms = performance.now() - t0;
  assert.deepEqual(found, [
    { name: "n7", offsets: [at[0]] },
    { name: "n123", offsets: [at[1]] },
    { name: "n399", offsets: [at[2]] },
  ]);
  assert.ok(ms < 5000, `scan took ${ms.toFixed(0)} ms`);
});

test("nonZeroRanges: merged ranges, cap, total, window", () => {
  const mem = new Uint8Array(1 << 16);
  assert.deepEqual(nonZeroRanges(mem, 0, mem.length), { ranges: [], total: 0, nonZeroBytes: 0, truncated: false });
  mem.fill(7, 100, 110);
  mem[112] = 1; // 2 zero bytes after the run: merged by default, apart with gap 1
  mem[200] = 9;
  mem[mem.length - 1] = 1;
  assert.deepEqual(nonZeroRanges(mem, 0, mem.length), {
    ranges: [[100, 113], [200, 201], [mem.length - 1, mem.length]],
    total: 3,
    nonZeroBytes: 13,
    truncated: false,
  });
  assert.deepEqual(nonZeroRanges(mem, 0, mem.length, { gap: 1 }).ranges, [[100, 110], [112, 113], [200, 201], [mem.length - 1, mem.length]]);
  // A window: only what lies inside, cut at its edges.
  assert.deepEqual(nonZeroRanges(mem, 105, 200), { ranges: [[105, 113]], total: 1, nonZeroBytes: 6, truncated: false });
  assert.deepEqual(nonZeroRanges(mem, 113, 200).total, 0);
  // Out-of-range windows are clamped.
  assert.equal(nonZeroRanges(mem, -5, 1e9).total, 3);
  // Capped at 20 ranges, the total still counts all of them.
  const many = new Uint8Array(4096);
  for (let i = 0; i < 50; i++) many[40 * i] = 1;
  const r = nonZeroRanges(many, 0, many.length);
  assert.equal(r.ranges.length, 20);
  assert.equal(r.total, 50);
  assert.equal(r.nonZeroBytes, 50);
  assert.equal(r.truncated, true);
  assert.deepEqual(r.ranges[19], [760, 761]);
});
