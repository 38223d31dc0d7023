// The memory suite's test oracle: every secret of a sealed JWE, derived from the JWE itself
// with the test's private key, in every form the audited crates keep it in wasm memory; a
// one-pass scanner that looks for all of them in the linear memory; and a zero check for the
// shadow stack.
//
// Plain ES modules, no dependencies: run in a browser page and in Node 20 (WebCrypto is
// `globalThis.crypto` in both). Proven right by tests/node/secrets.test.mjs. This file is
// the entry point; the code is in secrets/: bytes.mjs (base64url, BigInt, SHA-256, MGF1),
// rsa.mjs, aes.mjs, ghash.mjs, json.mjs (the plaintext member by member), derive.mjs
// (deriveSecrets) and scan.mjs (scan, nonZeroRanges).
//
// What is derived (docs/FORMAT.md §3: RSA-OAEP-256 wrapping an A256GCM content key), and
// why each form:
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

export {
  b64uDecode, bigFromBE, bigToBE, bigToLE, bitLength, hex, mgf1, modInv, modPow, sha256, swap32,
  unhex,
} from "./secrets/bytes.mjs";
export {
  SBOX, aesCtrBlocks, aesEncryptBlock, aesExpandKey, bitslice16, broadcast32, broadcast64,
  fixslicedRoundKeys, inc32,
} from "./secrets/aes.mjs";
export { bitrevLimbs, gfMul, ghashStates, polyvalKey } from "./secrets/ghash.mjs";
export { powIntermediates } from "./secrets/rsa.mjs";
export { deriveSecrets } from "./secrets/derive.mjs";
export { nonZeroRanges, scan } from "./secrets/scan.mjs";
