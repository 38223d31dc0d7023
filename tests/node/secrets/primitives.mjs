// The oracle's primitives (see ../secrets.test.mjs): AES against FIPS-197, GCM against the
// McGrew–Viega test cases, polyval's key form, and the crates' own in-memory layout.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  aesCtrBlocks, aesEncryptBlock, aesExpandKey, bitrevLimbs, broadcast32, broadcast64,
  fixslicedRoundKeys, ghashStates, inc32, polyvalKey, powIntermediates, scan,
} from "../../browser/secrets.mjs";
import {
  hex, unhex, xor16, blocksOf, lenBlock, ghashLocal, dot, feLE, feBytes, ecb,
} from "./reference.mjs";

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
