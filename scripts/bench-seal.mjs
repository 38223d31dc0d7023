// Sealing speed in Node 20: cardseal (wasm) against WebCrypto doing the same work
// (RSA-OAEP-256 wrap of a fresh AES-256-GCM key + the encryption), same process, same
// key. Batches of seals are timed and divided; medians of the batches are printed,
// because this machine is noisy.
import { readFileSync } from "node:fs";
import { webcrypto as wc } from "node:crypto";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { initSync, CardSeal } = await import(`${root}pkg/index.js`);
const t0 = performance.now();
initSync({ module: readFileSync(`${root}pkg/cardseal_bg.wasm`) });
const pem = readFileSync(`${root}tests/keys/rsa2048-spki.pem`, "utf8");
const sealer = new CardSeal(pem);
const card = { number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" };
sealer.seal(card);
const cold = performance.now() - t0;

const BATCH = 50, ROUNDS = 15;
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
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

const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
const rsa = await wc.subtle.importKey("spki", der, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]);
const plain = new TextEncoder().encode('{"number":"4111111111111111","exp_month":12,"exp_year":2034,"cvc":"123"}');
const webcrypto = async () => {
  const cek = await wc.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const iv = wc.getRandomValues(new Uint8Array(12));
  await wc.subtle.wrapKey("raw", cek, rsa, { name: "RSA-OAEP" });
  await wc.subtle.encrypt({ name: "AES-GCM", iv }, cek, plain);
};

const ours = timeSync(() => sealer.seal(card));
const each = timeSync(() => sealer.sealEach(card));
const importMs = timeSync(() => new CardSeal(pem).free());
const theirs = await timeAsync(webcrypto);
const fmt = (x) => x.toFixed(3).padStart(8);
console.log(`node ${process.version}, ${ROUNDS} batches of ${BATCH}, medians`);
console.log(`cold start (compile + instantiate + key import + first seal): ${cold.toFixed(1)} ms`);
console.log(`key import (new CardSeal, PEM)     ${fmt(importMs)} ms`);
console.log(`seal, whole form                   ${fmt(ours)} ms`);
console.log(`sealEach, 4 JWEs                   ${fmt(each)} ms`);
console.log(`WebCrypto, same work (async)       ${fmt(theirs)} ms`);
console.log(`ratio seal / WebCrypto             ${(ours / theirs).toFixed(2)}x`);
