// deriveSecrets (see ../secrets.test.mjs) on jose-sealed JWEs and on the repository's
// vector: every derived secret checked against an independent computation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  createDecipheriv, createHash, publicEncrypt, createPublicKey, constants,
} from "node:crypto";
import { CompactEncrypt, importJWK, compactDecrypt } from "jose";
import {
  aesEncryptBlock, aesExpandKey, broadcast32, broadcast64, deriveSecrets, inc32,
  powIntermediates,
} from "../../browser/secrets.mjs";
import {
  root, PRIVATE_JWK, hex, enc, leInt, beInt, b64u, xor16, blocksOf, lenBlock, ghashLocal,
  dot, feLE, feBytes, powmod, inverse, ecb,
} from "./reference.mjs";

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
  // cardseal's own byte-exact vector (tests/seal/), sealed to the same test key.
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
