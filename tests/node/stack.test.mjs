// The package's shadow stack is sized for what its calls need (scripts/build-pkg.sh links
// it at 64 KiB instead of rustc's 1 MiB, because every export that reads a secret wipes the
// whole of it: its size is what a keystroke pays). These tests seal the largest form with
// the largest key the policy accepts (RSA-8192, the deepest call: its Montgomery set-up)
// within it, measure how deep each call goes, and check that one call through the package
// entry leaves the whole stack zero.
//
// Depth is measured on the real package's wasm through its raw wasm-bindgen exports (the
// build keeps the separate modules in target/pkg-modules/; their own instance): the stack is
// painted with 0xA5 below the stack pointer, the export is called after deferWipe() (so
// its own wipe is left to the caller, as the entry does), and the lowest byte that is no
// longer 0xA5 is the deepest the call wrote. wipeStack() then zeroes it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { cardseal, key, root } from "./helpers.mjs";

const bytes = readFileSync(`${root}pkg/cardseal_bg.wasm`);
const modules = new URL(`${process.env.CARGO_TARGET_DIR ?? "target"}/pkg-modules/`, `file://${root}`);
const raw = await import(new URL("cardseal.js", modules));
const rawWasm = raw.initSync({ module: bytes });
const entryWasm = cardseal.initSync({ module: bytes }); // the instance helpers.mjs made
const PAINT = 0xa5;

/** The stack pointer's initial value (global 0, an i32.const), read from the binary. */
function stackTop(b) {
  let i = 8;
  const uleb = () => {
    let r = 0, s = 0, x;
    do {
      x = b[i++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  while (i < b.length) {
    const id = b[i++];
    const size = uleb();
    if (id === 6) {
      uleb(); // count
      assert.deepEqual([b[i], b[i + 1], b[i + 2]], [0x7f, 1, 0x41], "global 0 is a mutable i32 set by i32.const");
      i += 3;
      return uleb(); // non-negative: the sign bit of a stack top is 0
    }
    i += size;
  }
  throw new Error("no global section");
}
const TOP = stackTop(bytes);
const mem = (w) => new Uint8Array(w.memory.buffer);

/** Bytes of the stack that `call` wrote, its own wipe deferred as the entry does. */
function depth(call) {
  mem(rawWasm).fill(PAINT, 16, TOP);
  let low = 16;
  raw.deferWipe();
  try {
    call();
  } finally {
    const m = mem(rawWasm);
    while (low < TOP && m[low] === PAINT) low++;
    raw.wipeStack();
  }
  return TOP - low;
}

/** The Luhn check digit of `body`. */
const luhn = (body) => {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = +body[body.length - 1 - i];
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
};
const NUMBER19 = "4" + "0".repeat(16) + "1";
// Every field at the longest its rule takes (number 19 digits, name 64 characters, email
// 254, address lines 100, postal code 12).
const LARGEST = {
  number: NUMBER19 + luhn(NUMBER19),
  expiry: "12 / 2034",
  cvc: "123",
  name: "Siti Rahayu Wulandari ".repeat(3).slice(0, 63) + "W",
  email: `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.id`,
  phone: "+62 812 3456 7890",
  address: {
    line1: "Jl. Merdeka Barat No. 12 ".repeat(4).slice(0, 100),
    line2: "Gedung Sapta Pesona, Lantai 9 ".repeat(4).slice(0, 100),
    city: "Jakarta Pusat".padEnd(100, "x"),
    region: "DKI Jakarta".padEnd(100, "y"),
    postal_code: "AB-1234 5678", // 12 characters: the longest any country's code may be
    country: "AR", // a country without a national rule in the table
  },
};

test("the largest form seals with the largest key within the stack, with half of it to spare", () => {
  const linked = Number(readFileSync(`${root}scripts/build-pkg.sh`, "utf8").match(/-zstack-size=(\d+)/)?.[1]);
  assert.equal(TOP, linked, "the stack top is the stack size scripts/build-pkg.sh links");
  assert.equal(LARGEST.email.length, 254);
  const used = {};
  for (const [name, bits] of [["rsa2048-spki.pem", 2048], ["rsa4096-spki.pem", 4096], ["rsa8192-spki.pem", 8192]]) {
    const pem = key(name);
    let sealer;
    used[`import ${bits}`] = depth(() => (sealer = new raw.CardSeal(pem, {})));
    used[`keyInfo ${bits}`] = depth(() => assert.equal(raw.keyInfo(pem).bits, bits));
    used[`seal ${bits}`] = depth(() => assert.equal(sealer.seal(LARGEST).jwe.split(".").length, 5));
    used[`sealEach ${bits}`] = depth(() => assert.equal(Object.keys(sealer.sealEach(LARGEST)).length, 8));
    sealer.free();
  }
  used["validate address"] = depth(() => assert.equal(raw.validateField("address", LARGEST.address).valid, true));
  used["validate number"] = depth(() => assert.equal(raw.validateField("number", LARGEST.number).valid, true));
  const deepest = Math.max(...Object.values(used));
  console.log(`stack used, bytes of ${TOP}: ${JSON.stringify(used)}`);
  // A call that painted nothing would mean the measurement is broken.
  for (const [what, n] of Object.entries(used)) assert.ok(n > 64, `${what} used ${n} bytes: the paint was not touched`);
  assert.ok(used["import 8192"] > used["import 2048"], "a larger key goes deeper (the measurement sees depth)");
  assert.ok(deepest <= TOP / 2, `the deepest call uses ${deepest} of ${TOP} bytes: raise -zstack-size`);
});

test("a seal through the entry leaves the whole stack zero", () => {
  const sealer = new cardseal.CardSeal(key("rsa8192-spki.pem"));
  sealer.seal(LARGEST);
  const m = mem(entryWasm);
  let nonZero = 0;
  for (let i = 16; i < TOP; i++) nonZero += m[i] !== 0;
  assert.equal(nonZero, 0, "non-zero bytes on the stack after seal()");
  sealer.free();
});
