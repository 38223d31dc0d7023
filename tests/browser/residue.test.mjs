// The secret-residue suite (issue 10): after every export that touched a secret returns,
// no secret of what it sealed is anywhere in the wasm linear memory, and the shadow stack
// below the stack pointer is all zeros.
//
// Every secret is derived from the JWE itself with the test private key (secrets.mjs):
// raw RSA gives the OAEP encoded message, from it the seed, the masks and the content key,
// and from the key the AES round keys (standard and the aes crate's fixsliced forms), the
// GHASH key H in the forms ghash/polyval keep it, the tag mask E_K(J0), the keystream
// blocks, the GHASH running values, the Montgomery forms of the RSA exponentiation, the
// plaintext and each field. All of memory is scanned for all of them.
//
// ?pkg=control runs the same calls against the control build (target/pkg-control: the
// package without the shadow-stack wipe) and asserts the opposite: the scan finds these
// secrets and the stack below the stack pointer is not zero. That is what shows that the
// scan sees what is there, so the real run's "nothing found" means something.
import { test, eq, ok, fail, note } from "./harness.mjs";
import { deriveSecrets, scan, nonZeroRanges } from "./secrets.mjs";

const control = new URLSearchParams(location.search).get("pkg") === "control";
const base = control ? "/pkg-control/" : "/pkg/";
const entry = await import(`${base}index.js`);
const wasm = await entry.default(); // the control package gets an instance of its own

async function text(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
  return r.text();
}
// TEST KEYS ONLY (tests/keys/README.md).
const PEM = await text("/tests/keys/rsa2048-spki.pem");
const PRIVATE_JWK = await text("/tests/keys/rsa2048-private.jwk");

// ---- the shadow stack's place in memory, read from the wasm binary ----
// rustc's wasm32 target links the stack first: [__stack_low, __stack_high) at the start of
// memory, growing down from __stack_high, which is the stack pointer's initial value and
// its value whenever no wasm frame is live (as now, between calls). Data segments start
// at or above it.
const bin = new Uint8Array(await (await fetch(`${base}cardseal_bg.wasm`)).arrayBuffer());
function layout(b) {
  let i = 8;
  const uleb = () => {
    let r = 0;
    let s = 0;
    let x;
    do {
      x = b[i++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  const i32Const = () => {
    if (b[i++] !== 0x41) throw new Error("expected i32.const in an init expression");
    let r = 0;
    let s = 0;
    let x;
    do {
      x = b[i++];
      r |= (x & 0x7f) << s;
      s += 7;
    } while (x & 0x80);
    if (s < 32 && x & 0x40) r |= -1 << s;
    if (b[i++] !== 0x0b) throw new Error("expected end of an init expression");
    return r >>> 0;
  };
  // `i += uleb()` would add to the old i (JS reads the left side first): skip() does not.
  const skip = () => {
    const len = uleb();
    i += len;
  };
  let top = null;
  let dataLow = Infinity;
  while (i < b.length) {
    const id = b[i++];
    const size = uleb();
    const end = i + size;
    if (id === 2) {
      // imports: a global import would shift the global indices
      for (let n = uleb(); n > 0; n--) {
        skip();
        skip();
        const kind = b[i++];
        if (kind === 3) throw new Error("the module imports a global");
        if (kind === 0) uleb();
        else if (kind === 1) (i++, b[i++] & 1 ? (uleb(), uleb()) : uleb());
        else if (kind === 2) (b[i++] & 1 ? (uleb(), uleb()) : uleb());
      }
    } else if (id === 6) {
      uleb(); // count; the first global is the stack pointer: mutable i32
      if (b[i++] !== 0x7f || b[i++] !== 1) throw new Error("global 0 is not a mutable i32");
      top = i32Const();
    } else if (id === 11) {
      for (let n = uleb(); n > 0; n--) {
        const flags = uleb();
        if (flags === 1) {
          skip();
          continue;
        }
        if (flags === 2) uleb();
        dataLow = Math.min(dataLow, i32Const());
        skip();
      }
    }
    i = end;
  }
  return { top, dataLow };
}
const { top: STACK_TOP, dataLow } = layout(bin);

const memory = () => new Uint8Array(wasm.memory.buffer); // re-taken: memory may grow
/** Non-zero bytes of the shadow stack below the stack pointer (16..top; 0..15 is null). */
const stackResidue = () => nonZeroRanges(memory(), 16, STACK_TOP);

// ---- the calls under test ----
const FIELDS = {
  number: "4111 1111 1111 1111",
  expiry: "12 / 34",
  cvc: "737",
  name: "Siti Rahayu Wulandari",
  email: "siti.wulandari@contoh.co.id",
  phone: "+62 812 3456 7890",
  address: { line1: "Jl. Merdeka Barat No. 12", city: "Jakarta Pusat", postal_code: "10110", country: "ID" },
};

/** Every secret of these JWEs, by name (deduplicated), and how many each JWE gave. */
async function secretsOf(jwes) {
  const needles = [];
  for (const jwe of jwes) {
    const d = await deriveSecrets(jwe, PRIVATE_JWK);
    needles.push(...d.needles.map((n) => ({ ...n, name: `${n.name}#${needles.length}` })));
  }
  return needles;
}

const groupsOf = (hits, needles) => {
  const group = new Map(needles.map((n) => [n.name, n.group]));
  const count = {};
  for (const h of hits) count[group.get(h.name)] = (count[group.get(h.name)] ?? 0) + 1;
  return count;
};
const describe = (hits) =>
  hits.slice(0, 8).map((h) => `${h.name} at ${h.offsets.slice(0, 3).join(",")}`).join("; ");

/**
 * The verdict on memory after `jwes` were sealed. Real package: nothing found, and the
 * stack below the stack pointer is zero (`stackSlack` bytes right under the stack
 * pointer excepted, for the exports' own frames when the entry's wipeStack was bypassed).
 * Control: the scan finds secrets of each kind and the stack holds residue below the
 * exports' frames.
 */
async function verdict(jwes, what, { stackSlack = 0 } = {}) {
  const needles = await secretsOf(jwes);
  ok(needles.length > 100 * jwes.length, `${needles.length} secrets derived from ${jwes.length} JWE(s)`);
  const hits = scan(memory(), needles);
  const stack = stackResidue();
  const deep = stack.ranges.filter(([, end]) => end <= STACK_TOP - stackSlack);
  const summary = `${needles.length} secrets scanned in ${memory().length >> 20} MiB; found ${hits.length} ${JSON.stringify(groupsOf(hits, needles))}; stack residue ${stack.nonZeroBytes} B in ${stack.total} runs`;
  note(summary);
  if (!control) {
    if (hits.length) fail(`${what}: secrets left in wasm memory: ${describe(hits)} (${summary})`);
    if (deep.length)
      fail(`${what}: the shadow stack below the stack pointer is not zero: ${JSON.stringify(deep.slice(0, 5))} (${summary})`);
    return;
  }
  // The control: the very secrets the wipe removes are there without it.
  ok(stack.nonZeroBytes > 1024, `control: the unwiped stack holds residue (${summary})`);
  const kinds = groupsOf(hits, needles);
  for (const g of ["aes", "gcm"]) ok(kinds[g] > 0, `control: the scan finds ${g} secrets (${summary})`);
}

test("layout_stack_first", () => {
  ok(Number.isInteger(STACK_TOP) && STACK_TOP % 16 === 0 && STACK_TOP >= 65536, `stack top ${STACK_TOP}`);
  ok(dataLow >= STACK_TOP, `data segments (from ${dataLow}) above the stack (top ${STACK_TOP})`);
  ok(memory().length > STACK_TOP, "the memory holds the stack and more");
});

test("whole_form_seal_leaves_no_secret", async () => {
  const sealer = new entry.CardSeal(PEM);
  const { jwe } = sealer.seal(FIELDS);
  await verdict([jwe], "after seal()");
  sealer.free();
});

test("per_field_seal_leaves_no_secret", async () => {
  const sealer = new entry.CardSeal(PEM);
  const each = sealer.sealEach(FIELDS);
  eq(Object.keys(each).join(","), "number,exp_month,exp_year,cvc,name,email,phone,address", "sealEach fields");
  await verdict(Object.values(each), "after sealEach()");
  sealer.free();
});

test("three_seals_and_a_per_field_seal_leave_no_secret", async () => {
  // The review's reproduction: three seal calls and one sealEach, then the scan.
  const sealer = new entry.CardSeal(PEM);
  const jwes = [];
  for (let i = 0; i < 3; i++) jwes.push(sealer.seal(FIELDS).jwe);
  jwes.push(...Object.values(sealer.sealEach({ number: FIELDS.number, cvc: FIELDS.cvc })));
  await verdict(jwes, "after 3 seal() + sealEach()");
  sealer.free();
});

test("the_exports_wipe_their_own_calls_without_the_entry", async () => {
  // wasm-bindgen's class, which the entry's CardSeal extends, called straight: no
  // wipeStack from the entry after the call, so only the Rust side's wipe
  // (cardseal_alloc::stack::scrubbed) runs. Secrets must still be gone; what stays on the
  // stack is the exports' own frames right under the stack pointer (handles, pointers).
  const Raw = Object.getPrototypeOf(entry.CardSeal);
  const sealer = new Raw(PEM, {});
  eq(Object.hasOwn(Raw.prototype, "attach"), false, "the raw class is wasm-bindgen's");
  const { jwe } = sealer.seal(FIELDS);
  await verdict([jwe], "after the raw export seal()", { stackSlack: 512 });
  sealer.free();
});

test("refused_seal_and_typing_leave_no_card_number", async () => {
  // A refused seal and validation as the shopper types read the number too.
  const sealer = new entry.CardSeal(PEM);
  let refused = null;
  try {
    sealer.seal({ ...FIELDS, expiry: "13/99" });
  } catch (e) {
    refused = e.code;
  }
  eq(refused, "INVALID_FIELDS", "a seal with a bad expiry");
  const digits = FIELDS.number.replace(/ /g, "");
  for (let i = 1; i <= digits.length; i++) {
    entry.validate.number(digits.slice(0, i));
    entry.format.number(digits.slice(0, i));
  }
  entry.validate.cvc(FIELDS.cvc, "visa");
  const enc = new TextEncoder();
  const needles = [digits, "4111 1111 1111 111", `"cvc":"${FIELDS.cvc}"`].map((s) => ({ name: s, bytes: enc.encode(s) }));
  const hits = scan(memory(), needles);
  const stack = stackResidue();
  note(`found ${hits.length} of the number's forms; stack residue ${stack.nonZeroBytes} B`);
  if (control) {
    ok(stack.nonZeroBytes > 0, "control: the unwiped stack holds residue");
  } else {
    eq(hits.length, 0, `copies of the number: ${describe(hits)}`);
    eq(stack.nonZeroBytes, 0, `stack residue ${JSON.stringify(stack.ranges.slice(0, 5))}`);
  }
  sealer.free();
});
