// The measuring code of `make bench`, the same in Node (scripts/bench-seal.mjs) and in a
// browser page (scripts/bench-seal-browser.mjs serves this file to it): cardseal (wasm)
// against WebCrypto doing the same work (RSA-OAEP-256 wrap of a fresh AES-256-GCM key +
// the encryption), same realm, same key. Batches of seals are timed and divided; medians
// of the batches are returned, because this machine is noisy. Plain ES2020 over
// `performance.now()`, `atob` and the WebCrypto object it is given: no Node APIs.

export const BATCH = 50;
export const ROUNDS = 15;
export const CARD = { number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" };
const PLAIN = '{"number":"4111111111111111","exp_month":12,"exp_year":2034,"cvc":"123"}';

/**
 * The cold start, once: `load()` (compile + instantiate the wasm, sync or async), then
 * the key import and the first seal. `pkg` is the package module (its `CardSeal`).
 * Returns ms; the parts (load, keyImport, firstSeal) are left in `coldStart.split`.
 */
export async function coldStart(pkg, load, pem) {
  const t0 = performance.now();
  await load();
  const t1 = performance.now();
  const sealer = new pkg.CardSeal(pem);
  const t2 = performance.now();
  sealer.seal(CARD);
  const t3 = performance.now();
  sealer.free();
  coldStart.split = { load: t1 - t0, keyImport: t2 - t1, firstSeal: t3 - t2 };
  return t3 - t0;
}

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

/**
 * One keystroke's validation: `validate.number` on a whole card number, ms (median of
 * ROUNDS batches of 500; a call is microseconds). `pkg` is a loaded package module.
 */
export function keystroke(pkg) {
  const per = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    for (let i = 0; i < 500; i++) pkg.validate.number(CARD.number);
    per.push((performance.now() - s) / 500);
  }
  return median(per);
}
const timeSync = (fn) => {
  const per = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    for (let i = 0; i < BATCH; i++) fn();
    per.push((performance.now() - s) / BATCH);
  }
  return median(per);
};
const timeAsync = async (fn) => {
  const per = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    for (let i = 0; i < BATCH; i++) await fn();
    per.push((performance.now() - s) / BATCH);
  }
  return median(per);
};

/**
 * The steady-state figures, ms (medians of ROUNDS batches of BATCH): `importMs` (new
 * CardSeal from PEM), `seal` (whole form), `each` (sealEach, 4 JWEs), `webcrypto` (the
 * same work through `wc.subtle`, async), `ratio` (seal / webcrypto), `keystroke`
 * (validate.number, see keystroke()). `pkg` is the loaded
 * package module (after init), `wc` a WebCrypto object (`crypto` in a page,
 * `require("node:crypto").webcrypto` in Node), `pem` the SPKI public key.
 */
export async function bench(pkg, wc, pem) {
  const sealer = new pkg.CardSeal(pem);
  sealer.seal(CARD);

  const der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, "")), (c) => c.charCodeAt(0));
  const rsa = await wc.subtle.importKey("spki", der, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]);
  const plain = new TextEncoder().encode(PLAIN);
  const webcrypto = async () => {
    const cek = await wc.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
    const iv = wc.getRandomValues(new Uint8Array(12));
    await wc.subtle.wrapKey("raw", cek, rsa, { name: "RSA-OAEP" });
    await wc.subtle.encrypt({ name: "AES-GCM", iv }, cek, plain);
  };

  const seal = timeSync(() => sealer.seal(CARD));
  const each = timeSync(() => sealer.sealEach(CARD));
  const importMs = timeSync(() => new pkg.CardSeal(pem).free());
  const theirs = await timeAsync(webcrypto);
  sealer.free();
  return { importMs, seal, each, webcrypto: theirs, ratio: seal / theirs, keystroke: keystroke(pkg) };
}
