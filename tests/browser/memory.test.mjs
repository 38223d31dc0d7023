// The memory suite: after a seal through `attach`, the card number occurs nowhere in the
// wasm linear memory (the `memory` of the exports `init()` resolves to), neither as
// digits nor as the formatted value the input showed. The number is typed key by key,
// with a slip of the finger, blurred (validated), formatted and sealed, whole-form and
// per field. Port of the former tests/web_memory.rs; this page is its own wasm instance
// (the runner loads it apart from the attach suite).
//
// The number and the needles are built at run time, and the scan reads the memory
// through a view, adding no copy of it to the memory.
import init, { CardSeal, keyInfo } from "/pkg/index.js";
import { test, eq, ok, fail } from "./harness.mjs";
import { PRIVATE_JWK, bind, makeForm, field, blur, submit, record, typeChars } from "./util.mjs";

const wasm = await init(); // the instance the page already initialised: its exports
if (!(wasm?.memory instanceof WebAssembly.Memory)) throw new Error("init() did not resolve to exports with a memory");

// 4111 1111 1111 1111, built at run time.
const card = () => "4" + "1".repeat(15);
const spaced = (d) => d.replace(/(\d{4})(?!$)/g, "$1 ");
const needles = () => [card(), spaced(card())];

function typeCard(el) {
  for (const ch of card()) {
    el.value += ch;
    el.setSelectionRange(el.value.length, el.value.length);
    el.dispatchEvent(new InputEvent("input", { bubbles: true }));
  }
}

// A slip of the finger: a non-ASCII letter after the number (wasm-bindgen's own string
// passing reallocates here and would leave the ASCII prefix behind), then deleted.
function slip(el) {
  const v = el.value;
  el.value = v + "\u00e9";
  el.dispatchEvent(new InputEvent("input", { bubbles: true }));
  el.value = v;
  el.dispatchEvent(new InputEvent("input", { bubbles: true }));
}

/** Offsets of the ASCII `needle` in the wasm memory. */
function find(needle) {
  const m = new Uint8Array(wasm.memory.buffer); // a view: re-taken, as the memory may grow
  const n = Array.from(needle, (c) => c.charCodeAt(0));
  const at = [];
  outer: for (let i = m.indexOf(n[0]); i >= 0 && i <= m.length - n.length; i = m.indexOf(n[0], i + 1)) {
    for (let j = 1; j < n.length; j++) if (m[i + j] !== n[j]) continue outer;
    at.push(i);
  }
  return at;
}
const scan = (needle) => find(needle).length;

/** Copies of the card number in wasm memory: `[digits, formatted]`. */
const copies = () => needles().map(scan);

// The package's allocator (alloc/, cardseal-alloc) wipes every block it frees, so a
// string passed to wasm and dropped leaves nothing, not even wasm-bindgen's own copy of
// a call's argument. The controls therefore use a copy wasm still holds: the JWK's own
// `kid` that a live sealer keeps (only to report it: the JWE's kid is the thumbprint),
// given in the public JWK of the test key pair. Public, not secret.
function holdCopy(kid) {
  const jwk = JSON.parse(PRIVATE_JWK);
  const pub = { kty: jwk.kty, n: jwk.n, e: jwk.e, kid };
  return new CardSeal(JSON.stringify(pub));
}

/** Passes `s` to wasm inside a (refused) key text, which wasm copies, reads and frees. */
function passThrough(s) {
  try {
    keyInfo(`-----BEGIN PUBLIC KEY-----\n${s}\n-----END PUBLIC KEY-----\n`);
  } catch (e) {
    eq(e.code, "INVALID_KEY", "keyInfo on a made-up key");
    return;
  }
  fail("keyInfo accepted a made-up key");
}

const FORM = `<form action="about:blank" target="sink">
  <input id="number" data-cardseal="number" name="cc">
  <input id="expiry" data-cardseal="expiry">
  <input id="cvc" data-cardseal="cvc">
</form><iframe name="sink"></iframe>`;

test("the_scan_finds_what_is_there", () => {
  // A pattern made at run time, held by a live sealer: found; wiped once it is freed.
  const control = "73" + "0918273645".repeat(2);
  eq(scan(control), 0, "the control pattern before it is passed to wasm");
  const held = holdCopy(control);
  eq(held.kid.length === 43 && held.kid !== control, true, "the sealer's kid is the thumbprint, not the JWK's");
  ok(scan(control) >= 1, "the scan must find the control pattern a live sealer holds");
  held.free();
  eq(scan(control), 0, "the control pattern once its sealer is freed (the allocator wipes)");

  // Passed through a call that copies and frees it: nothing is left behind.
  passThrough(control);
  eq(scan(control), 0, "the control pattern after a call that copied and freed it");

  // An input's value, typed key by key, digits and formatted: found while wasm holds
  // them, gone once freed.
  eq(JSON.stringify(copies()), "[0,0]", "copies of the card number before the control");
  const form = makeForm(FORM);
  const number = field(form, "#number");
  typeCard(number);
  const holder = holdCopy(`${number.value} ${spaced(number.value)}`);
  const [digits, formatted] = copies();
  ok(digits >= 1, "the scan must see a copy of the digits");
  ok(formatted >= 1, "the scan must see a copy of the formatted number");
  holder.free();
  eq(JSON.stringify(copies()), "[0,0]", "copies of the card number once freed");
  passThrough(`${number.value}\n${spaced(number.value)}`);
  eq(JSON.stringify(copies()), "[0,0]", "copies of the card number after a call that freed them");
  form.parentElement.remove();
});

function sealAndScan(perField) {
  eq(JSON.stringify(copies()), "[0,0]", "copies of the card number before the test");
  const form = makeForm(FORM);
  const b = bind(form, { perField });
  const sealed = record(form, "cardseal:sealed", true);
  const number = field(form, "#number");
  typeCard(number);
  slip(number);
  blur(number);
  typeChars(field(form, "#expiry"), "1234");
  typeChars(field(form, "#cvc"), "123");
  submit(form);
  eq(sealed.length, 1, "cardseal:sealed events");
  eq(typeof sealed[0].jwe, perField ? "object" : "string", "detail.jwe");
  eq(number.value, "", "the number input after the seal");
  b.detach();
  form.parentElement.remove();
  eq(JSON.stringify(copies()), "[0,0]",
    `copies of the card number [digits, formatted] left in wasm memory (perField: ${perField})`);
}

test("no_copy_of_the_number_after_a_whole_form_seal", () => sealAndScan(false));

test("no_copy_of_the_number_after_a_per_field_seal", () => sealAndScan(true));
