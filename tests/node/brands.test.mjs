// Brand detection against braintree's credit-card-type 10.3 (a test-only dev dependency):
// Luhn-valid numbers are made from each of its brands' patterns and lengths, and wherever
// credit-card-type classifies a number unambiguously, validate.number must name the same
// brand, apart from the differences src/validate/brands.rs documents, listed in DIFFERENT
// below (each one is asserted too: our brand on our side, theirs on theirs).
import { test } from "node:test";
import assert from "node:assert/strict";
import creditCardType from "credit-card-type";
import { matches } from "credit-card-type/dist/lib/matches.js";
import { cardseal } from "./helpers.mjs";

const { validate, format } = cardseal;

/** credit-card-type's brands, each with its data, in its own order. */
const TYPES = Object.values(creditCardType.types).map((type) => creditCardType.getTypeInfo(type));

/** The deliberate differences (src/validate/brands.rs says why): numbers whose first
 * digits lie in `from`…`to` (equal widths) are `ours` here and `theirs` there. */
const DIFFERENT = [
  // NPCI's RuPay; credit-card-type has no RuPay.
  { from: "508500", to: "508999", ours: "rupay", theirs: "maestro" },
  { from: "606985", to: "607984", ours: "rupay", theirs: "maestro" },
  { from: "608001", to: "608500", ours: "rupay", theirs: "maestro" },
  { from: "652150", to: "653149", ours: "rupay", theirs: "discover" },
  // Interswitch's whole Verve blocks; credit-card-type lists some BINs of them.
  { from: "506099", to: "506198", ours: "verve", theirs: "maestro" },
  { from: "507865", to: "507964", ours: "verve", theirs: "maestro" },
  { from: "650002", to: "650027", ours: "verve", theirs: "discover" },
  // Hipercard's 3841 BINs.
  { from: "384100", to: "384100", ours: "hipercard", theirs: "diners-club" },
  { from: "384140", to: "384140", ours: "hipercard", theirs: "diners-club" },
  { from: "384160", to: "384160", ours: "hipercard", theirs: "diners-club" },
];

/** The documented difference a number falls in, if any. */
const difference = (n) => DIFFERENT.find((d) => {
  const p = n.slice(0, d.from.length);
  return p >= d.from && p <= d.to;
});

/** Lengths where ours differ from credit-card-type's (src/validate/brands.rs says why). */
const LENGTHS = {
  // 13-digit Visa cards are still in circulation and in processors' test sets.
  visa: [13, 16, 18, 19],
  // Discover's own IIN table: 16 to 19 digits.
  discover: [16, 17, 18, 19],
  // The 3841 Hipercards have 19 digits.
  hipercard: [16, 19],
};

/** The Luhn check digit for `body` (the number without it). */
function checkDigit(body) {
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = body.charCodeAt(i) - 48;
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A deterministic stream of digits (xorshift32), so every run tests the same numbers. */
function digits(seed) {
  let x = seed | 1;
  return (n) => {
    let s = "";
    while (s.length < n) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      s += String((x >>> 0) % 10);
    }
    return s;
  };
}

/** credit-card-type's verdict on a whole number: its brand when exactly one brand has
 * the longest matching pattern, `null` when none matches or the longest is a tie (which
 * it settles by the order of its list, not by its data). Each brand counts with the
 * first of its patterns that matches, as credit-card-type counts it. */
function theirs(number) {
  let best = 0;
  let brands = [];
  for (const { type, patterns } of TYPES) {
    const p = patterns.find((q) => matches(number, q));
    if (p === undefined) continue;
    const w = String(Array.isArray(p) ? p[0] : p).length;
    if (w > best) [best, brands] = [w, [type]];
    else if (w === best) brands.push(type);
  }
  return brands.length === 1 ? brands[0] : null;
}

/** Luhn-valid numbers made from each of credit-card-type's patterns and lengths: every
 * prefix of a range; a pattern shorter than 6 digits also with each 2 digits after it
 * (so `6` reaches 600…699); the rest of the digits pseudo-random. A pattern with fewer
 * prefixes than lengths gets every length for each; the others take the lengths in turn. */
function* numbers() {
  for (const info of TYPES) {
    for (const p of info.patterns) {
      const [lo, hi] = Array.isArray(p) ? p : [p, p];
      const w = String(lo).length;
      const prefixes = [];
      for (let v = lo; v <= hi; v++) {
        if (w >= 6) prefixes.push(String(v));
        else for (let i = 0; i < 100; i++) prefixes.push(`${v}${String(i).padStart(2, "0")}`);
      }
      const all = prefixes.length < info.lengths.length;
      for (const [i, prefix] of prefixes.entries()) {
        for (const len of all ? info.lengths : [info.lengths[i % info.lengths.length]]) {
          const fill = digits(Number(prefix) * 31 + len);
          const body = prefix + fill(len - prefix.length - 1);
          yield [body + checkDigit(body), `${info.type} ${p}`];
        }
      }
    }
  }
}

test("brand detection agrees with credit-card-type 10.3 apart from the documented differences", (t) => {
  let classified = 0;
  let agree = 0;
  let documented = 0;
  const misses = new Map();
  // Per pattern of credit-card-type's: whether all its numbers agree.
  const patterns = new Map();
  for (const [n, pattern] of numbers()) {
    const expected = theirs(n);
    if (expected === null) continue;
    if (!patterns.has(pattern)) patterns.set(pattern, true);
    // The library itself agrees (checked on every 50th number: it is slow).
    if (classified % 50 === 0) assert.equal(creditCardType(n)[0]?.type, expected, n);
    classified++;
    const { brand } = validate.number(n);
    if (brand === expected) {
      agree++;
      continue;
    }
    patterns.set(pattern, false);
    const d = difference(n);
    if (d && d.ours === brand && d.theirs === expected) {
      documented++;
      continue;
    }
    const key = `${n.slice(0, 6)}: ours ${brand}, theirs ${expected}`;
    if (!misses.has(key)) misses.set(key, n);
  }
  const whole = [...patterns.values()].filter(Boolean).length;
  const pct = (a, b) => `${(a * 100 / b).toFixed(2)} %`;
  t.diagnostic(`${classified} numbers classified unambiguously by credit-card-type; ` +
    `${agree} agree (${pct(agree, classified)}), ${documented} are documented differences ` +
    `(${DIFFERENT.length} ranges), ${misses.size} other prefixes differ; ${whole} of its ` +
    `${patterns.size} patterns agree on every number (${pct(whole, patterns.size)})`);
  assert.ok(classified > 30_000, `${classified} numbers`);
  assert.deepEqual([...misses.keys()].slice(0, 40), [], `${misses.size} prefixes differ`);
});

test("each documented difference holds on both sides", () => {
  for (const d of DIFFERENT) {
    // Ours on every prefix of the range; theirs wherever credit-card-type is unambiguous
    // there (at least once: some of its BINs inside our blocks are ties it settles by
    // order).
    let seen = 0;
    for (let v = Number(d.from); v <= Number(d.to); v++) {
      const body = String(v).padEnd(15, "0");
      const n = body + checkDigit(body);
      assert.equal(validate.number(n).brand, d.ours, `${n} (ours)`);
      const them = theirs(n);
      if (them !== null) {
        assert.equal(them, d.theirs, `${n} (credit-card-type)`);
        seen++;
      }
    }
    assert.ok(seen > 0, `${d.from}-${d.to}`);
  }
});

test("lengths, security codes, gaps and names agree with credit-card-type 10.3", () => {
  const names = new Map(cardseal.brands().map((b) => [b.id, b.name]));
  for (const info of TYPES) {
    const { type } = info;
    assert.equal(names.get(type), info.niceType, type);
    // A prefix of the brand's own: the first pattern's first value.
    const p = info.patterns[0];
    const prefix = String(Array.isArray(p) ? p[0] : p);
    const valid = [];
    for (let len = 12; len <= 19; len++) {
      const body = prefix + "0".repeat(len - prefix.length - 1);
      const v = validate.number(body + checkDigit(body));
      assert.equal(v.brand, type, `${type} ${prefix}`);
      if (v.valid) valid.push(len);
    }
    assert.deepEqual(valid, LENGTHS[type] ?? info.lengths, `${type}: lengths`);
    const code = "1".repeat(info.code.size);
    assert.equal(validate.cvc(code, type).valid, true, `${type}: ${info.code.size}-digit ${info.code.name}`);
    assert.equal(validate.cvc(code + "1", type).valid, false, `${type}: code size`);
    // Gaps: the formatted number's spaces, for a number of the brand's first length.
    const body = prefix + "0".repeat(info.lengths[0] - prefix.length - 1);
    const spaced = format.number(body + checkDigit(body));
    const gaps = [...spaced].reduce((g, c, i) => (c === " " ? [...g, i - g.length] : g), []);
    assert.deepEqual(gaps, info.gaps.filter((g) => g < info.lengths[0]), `${type}: gaps`);
  }
});
