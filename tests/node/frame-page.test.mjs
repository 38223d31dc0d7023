// The card frame's own page script (frame/frame.js, issue 19 item 3) in Node, with the
// built package's real validators and sealer and a DOM just large enough for it (the
// inputs, meta configuration, a clock, and Chromium's IntersectionObserver v2 stood in):
// the page hears transitions only (16 digits typed key by key: two events), `valid` only
// once complete; the focus and cover heuristics warn the shopper and the page exactly
// when they should, in English and Indonesian; the page's defaultCountry (in "hello") reads
// a national phone number, and a refusal names each field with its code, in the frame's
// locale. The browsers' e2e (tests/e2e/frame.mjs)
// runs the same file for real in Chromium and Firefox, with the style's legibility floor.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createPrivateKey } from "node:crypto";
import { compactDecrypt } from "jose";
import { cardseal, key, root } from "./helpers.mjs";

const ORIGIN = "https://shop.example";
const meta = {
  "cardseal-public-key": key("rsa2048-spki.pem"), "cardseal-jwks": "", "cardseal-kid": "",
  "cardseal-holder": "Test Processor", "cardseal-origins": ORIGIN, "cardseal-locale": "en",
};

/** An element: listeners, value, text, style (a probe's colour resolves hex and
 * `transparent` the way a browser computes them). */
class El {
  constructor(id) {
    Object.assign(this, { id, value: "", textContent: "", hidden: false, dataset: {}, listeners: {} });
    this.style = { setProperty: (k, v) => (this.style[k] = v), removeProperty: (k) => delete this.style[k] };
  }
  addEventListener(t, fn) { (this.listeners[t] ??= []).push(fn); }
  fire(t, e = {}) { for (const fn of this.listeners[t] ?? []) fn({ target: this, ...e }); }
  focus() { this.fire("focus"); }
  dispatchEvent(e) { this.fire(e.type); }
  appendChild(c) { return c; }
  replaceChildren(...nodes) { this.textContent = nodes.map((n) => (typeof n == "string" ? n : n.textContent)).join(""); }
  remove() {}
  getBoundingClientRect() { return { height: 321 }; }
}
const els = Object.fromEntries(["card", "number", "expiry", "cvc", "name", "brand", "proof", "warning", "unavailable"].map((id) => [id, new El(id)]));
els.warning.hidden = true;
const html = new El("html");
// The frame's own colours (frame.css), light scheme: the test's browser prefers light.
const own = { "--color": "#1d1d1f", "--backgroundColor": "#fff", "--borderColor": "#8a8a8e", "--errorColor": "#b3261e", "--focusColor": "#1a56db", "--placeholderColor": "#6e6e73" };
const hex = (v) => {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v.trim());
  if (v === "transparent") return "rgba(0, 0, 0, 0)";
  if (!m) return "rgb(0, 0, 0)";
  const h = m[1].length == 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  return `rgb(${parseInt(h.slice(0, 2), 16)}, ${parseInt(h.slice(2, 4), 16)}, ${parseInt(h.slice(4), 16)})`;
};
globalThis.document = {
  documentElement: html,
  activeElement: null,
  querySelector: (sel) => ({ content: meta[/name="([^"]+)"/.exec(sel)[1]] }),
  querySelectorAll: () => [],
  getElementById: (id) => els[id],
  createElement: () => new El("probe"),
};
globalThis.getComputedStyle = (el) => el === html
  ? { getPropertyValue: (p) => own[p] }
  : { color: hex(el.style.color ?? ""), fontSize: "16px" };
globalThis.window = globalThis;
// prefers-color-scheme, stood in: light until the test says dark.
const prefers = { matches: false, listeners: [], addEventListener(t, fn) { this.listeners.push(fn); } };
globalThis.matchMedia = (q) => (assert.equal(q, "(prefers-color-scheme: dark)"), prefers);
globalThis.parent = { name: "the shop's page" };
const windowListeners = {};
globalThis.addEventListener = (t, fn) => (windowListeners[t] ??= []).push(fn);
const fireWindow = (t, e = {}) => { for (const fn of windowListeners[t] ?? []) fn({ target: globalThis, ...e }); };
let clock = 0;
Object.defineProperty(globalThis, "performance", { value: { now: () => clock }, configurable: true });
globalThis.ResizeObserver = class { observe() {} };
// Chromium's IntersectionObserver v2, stood in: the test calls the frame's callback.
let see;
globalThis.IntersectionObserverEntry = class {};
globalThis.IntersectionObserverEntry.prototype.isVisible = true;
globalThis.IntersectionObserver = class {
  constructor(cb, options) {
    assert.deepEqual(options, { trackVisibility: true, delay: 100, threshold: [0, 1] });
    see = cb;
  }
  observe() {}
};

// The frame's script, importing the built package (Node entry: it loads its own wasm),
// whose form binding is left out: it needs a real DOM, and the e2e runs it.
const dir = mkdtempSync(join(tmpdir(), "cardseal-frame-page-"));
writeFileSync(join(dir, "pkg.mjs"), `export * from ${JSON.stringify(pathToFileURL(`${root}pkg/node.mjs`).href)};
import { CardSeal as Real } from ${JSON.stringify(pathToFileURL(`${root}pkg/node.mjs`).href)};
export class CardSeal extends Real { attach() { return { detach() {} }; } }
export default async function init() {}
`);
const source = readFileSync(`${root}frame/frame.js`, "utf8");
assert.ok(source.includes('from "/pkg/index.js"') && source.includes('from "/pkg/frame-protocol.js"'));
writeFileSync(join(dir, "frame.mjs"), source.replace('from "/pkg/index.js"', 'from "./pkg.mjs"')
  .replace('from "/pkg/frame-protocol.js"', `from ${JSON.stringify(pathToFileURL(`${root}pkg/frame-protocol.js`).href)}`));
await import(pathToFileURL(join(dir, "frame.mjs")).href);
rmSync(dir, { recursive: true, force: true });

const got = [];
const port = { postMessage: (m) => got.push(m) };
const take = (t) => got.splice(0).filter((m) => m.t == t);
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** Types `text` into field `f` key by key, as the shopper would (an input event a key). */
function type(f, text) {
  for (const ch of text) {
    els[f].fire("keydown", { key: ch });
    els[f].value += ch;
    els[f].fire("input");
  }
}

test("the handshake: ready with what this browser can warn of, then each field's first state once", async () => {
  // A hello with a key the frame does not know is no handshake.
  fireWindow("message", { source: parent, origin: ORIGIN, data: { v: 1, t: "hello", locale: "en", style: {}, countries: "ID" }, ports: [port] });
  await wait(50);
  assert.equal(got.length, 0);
  fireWindow("message", { source: parent, origin: ORIGIN, data: { v: 1, t: "hello", locale: "en", style: {}, country: "ID" }, ports: [port] });
  for (let i = 0; i < 200 && !got.some((m) => m.t == "ready"); i++) await wait(10);
  const [ready] = got.filter((m) => m.t == "ready");
  assert.deepEqual(ready.checks, ["FOCUS_TAKEN", "FRAME_OBSCURED"]);
  assert.deepEqual(ready.refused, []);
  // The key line: the holder and the kid's first 8 characters (kept in one piece by CSS).
  assert.equal(els.proof.textContent, `Sealed for Test Processor · key ${ready.kid.slice(0, 8)}`);
  assert.deepEqual(take("change"), ["number", "expiry", "cvc", "name"].map((field) =>
    ({ v: 1, t: "change", field, state: { brand: null, valid: false, complete: false, empty: true } })));
});

test("theme auto (the hello gave none): the frame's scheme follows the browser's prefers-color-scheme", () => {
  assert.equal(html.dataset.scheme, "light");
  prefers.matches = true;
  for (const fn of prefers.listeners) fn();
  assert.equal(html.dataset.scheme, "dark");
  prefers.matches = false;
  for (const fn of prefers.listeners) fn();
  assert.equal(html.dataset.scheme, "light");
});

test("typing a 16-digit number key by key: two events (a brand, then complete and valid), never one a key", () => {
  type("number", "4242424242424242");
  assert.deepEqual(take("change").map((m) => m.state), [
    { brand: "visa", valid: false, complete: false, empty: false },
    { brand: "visa", valid: true, complete: true, empty: false },
  ]);
  // No Luhn result for a prefix: a 13-digit Visa prefix passes Luhn, yet stays incomplete.
  els.number.value = "";
  els.number.fire("input");
  take("change");
  type("number", "4222222222222");
  assert.deepEqual(take("change").map((m) => m.state), [{ brand: "visa", valid: false, complete: false, empty: false }]);
  // Left there, it is complete, and only now the page hears whether it is valid.
  els.number.fire("blur");
  assert.deepEqual(take("change").map((m) => m.state), [{ brand: "visa", valid: true, complete: true, empty: false }]);
  els.number.value = "";
  els.number.fire("input");
  type("number", "4242424242424242");
  take("change");
  type("expiry", "12/34");
  type("cvc", "737");
  type("name", "Budi Santoso");
  const rest = take("change");
  assert.ok(rest.length <= 6, JSON.stringify(rest)); // two a field at most, for 4 + 3 + 12 keys
  assert.deepEqual(rest.filter((m) => m.state.complete).map((m) => [m.field, m.state.valid]), [["expiry", true], ["cvc", true], ["name", true]]);
});

test("focus taken at once or mid-typing warns the shopper and the page; a Tab, a click or a pause does not", () => {
  const blurAfter = (focusAt, steps) => {
    clock = focusAt;
    els.number.focus();
    for (const [dt, what] of steps) {
      clock += dt;
      if (what == "click") fireWindow("pointerdown");
      else if (what != "wait") els.number.fire("keydown", { key: what });
    }
    fireWindow("blur");
    return take("warning").map((m) => m.code);
  };
  assert.deepEqual(blurAfter(1000, []), ["FOCUS_TAKEN"], "taken the moment it came");
  assert.equal(els.warning.hidden, false);
  assert.match(els.warning.textContent, /moved your cursor out of the card form/);
  // Typing in the frame's field again clears it.
  els.number.fire("keydown", { key: "4" });
  assert.equal(els.warning.hidden, true);
  assert.deepEqual(blurAfter(10_000, [[1500, "4"], [290, "2"]]), ["FOCUS_TAKEN"], "taken mid-typing");
  assert.deepEqual(blurAfter(20_000, [[990, "wait"]]), ["FOCUS_TAKEN"], "taken within the second");
  assert.deepEqual(blurAfter(30_000, [[1500, "wait"]]), [], "left 1.5 s after focus, no key");
  assert.deepEqual(blurAfter(40_000, [[1500, "4"], [400, "wait"]]), [], "left 400 ms after the last key");
  assert.deepEqual(blurAfter(50_000, [[100, "Tab"]]), [], "a Tab");
  assert.deepEqual(blurAfter(60_000, [[100, "click"]]), [], "a click inside the frame");
  // The click that gave the focus, read in the same millisecond (WebKit's coarse clock).
  clock = 70_000;
  fireWindow("pointerdown");
  assert.deepEqual(blurAfter(70_000, []), ["FOCUS_TAKEN"], "taken after the click that focused");
  els.number.fire("keydown", { key: "4" });
});

test("covered (IntersectionObserver v2): warned after 500 ms, in the shopper's language; a flicker is not", async () => {
  take("warning");
  // Never seen visible (some layouts read so in Chromium): not judged.
  see([{ target: els.number, intersectionRatio: 1, isVisible: false }]);
  await wait(700);
  assert.deepEqual(take("warning"), [], "invisible from the start");
  see([{ target: els.number, intersectionRatio: 1, isVisible: true }]);
  see([{ target: els.number, intersectionRatio: 1, isVisible: false }]);
  await wait(100);
  see([{ target: els.number, intersectionRatio: 1, isVisible: true }]);
  await wait(600);
  assert.deepEqual(take("warning"), [], "covered for 100 ms only");
  see([{ target: els.number, intersectionRatio: 1, isVisible: false }]);
  await wait(700);
  assert.deepEqual(take("warning").map((m) => m.code), ["FRAME_OBSCURED"]);
  assert.match(els.warning.textContent, /covering the card form/);
  port.onmessage({ data: { v: 1, t: "locale", locale: "id" } });
  assert.match(els.warning.textContent, /menutupi formulir kartu/);
  // While covered, typing does not clear it; once visible again, it does.
  els.number.fire("keydown", { key: "4" });
  assert.equal(els.warning.hidden, false);
  see([{ target: els.number, intersectionRatio: 1, isVisible: true }]);
  els.number.fire("keydown", { key: "4" });
  assert.equal(els.warning.hidden, true);
  // Out of view, or partly, is not covered.
  see([{ target: els.number, intersectionRatio: 0.6, isVisible: false }]);
  await wait(700);
  assert.deepEqual(take("warning"), []);
});

test("seal: one JWE, the inputs emptied, and the page hears the fields empty again", () => {
  take("change");
  port.onmessage({ data: { v: 1, t: "seal", id: 7, contact: { email: "budi@example.com" } } });
  const sealed = got.find((m) => m.t == "sealed");
  assert.equal(sealed.id, 7);
  assert.equal(sealed.jwe.split(".").length, 5);
  assert.equal(sealed.summary.last4, "4242");
  assert.ok(["number", "expiry", "cvc", "name"].every((f) => els[f].value === ""));
  assert.deepEqual(take("change").map((m) => [m.field, m.state.empty]), [["number", true], ["expiry", true], ["cvc", true], ["name", true]]);
});

test("defaultCountry from the hello: 0812-3456-7890 seals as +6281234567890; a refusal names every field with its code, in the frame's locale", async () => {
  const open = async (jwe) => JSON.parse(new TextDecoder().decode(
    (await compactDecrypt(jwe, createPrivateKey(key("rsa2048-private-pkcs8.pem")))).plaintext));
  // The locale was switched to "id" above: the re-bound sealer kept the country.
  type("number", "4242424242424242");
  type("expiry", "12/34");
  type("cvc", "737");
  type("name", "Budi Santoso");
  got.splice(0);
  port.onmessage({ data: { v: 1, t: "seal", id: 8, contact: { email: "ani@example.com", phone: "0812-3456-7890" } } });
  const sealed = got.find((m) => m.t == "sealed");
  assert.ok(sealed, JSON.stringify(got));
  assert.deepEqual(await open(sealed.jwe), {
    number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "737", name: "Budi Santoso",
    email: "ani@example.com", phone: "+6281234567890",
  });
  // A bad card number and a bad phone: both named, the message theirs, in Indonesian.
  type("number", "4242424242424241");
  type("expiry", "12/34");
  type("cvc", "737");
  type("name", "Budi Santoso");
  got.splice(0);
  port.onmessage({ data: { v: 1, t: "seal", id: 9, contact: { phone: "+62 81" } } });
  let [failed] = take("failed");
  assert.deepEqual(failed.fields, { number: "LUHN_FAILED", phone: "TOO_SHORT" });
  assert.equal(failed.code, "INVALID_FIELDS");
  const id = cardseal.messages("id");
  assert.equal(failed.message, `${id.LUHN_FAILED} ${id.TOO_SHORT}`);
  // In English after setLocale; only the page's field failing: named, its message alone.
  port.onmessage({ data: { v: 1, t: "locale", locale: "en" } });
  els.number.value = "";
  type("number", "4242424242424242");
  got.splice(0);
  port.onmessage({ data: { v: 1, t: "seal", id: 10, contact: { email: "ani@", phone: "0812-3456-7890" } } });
  [failed] = take("failed");
  assert.deepEqual(failed.fields, { email: "INVALID_EMAIL" });
  assert.equal(failed.message, cardseal.messages("en").INVALID_EMAIL);
});
