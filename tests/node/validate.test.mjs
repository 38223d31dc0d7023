// validate, format and messages through the built package (issue 4), as a page calls
// them. The Rust tests (tests/validate/, one file per field) hold the full tables; these
// check the JS surface: shapes, defaults, argument handling and a sample of each validator.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cardseal, key } from "./helpers.mjs";

const { validate, format, messages, CardSeal, CardSealError } = cardseal;
const ok = { valid: true, potentiallyValid: true, code: null };
const bad = (code, potentiallyValid) => ({ valid: false, potentiallyValid, code });
// 2026-11-22T00:00:00Z, in milliseconds like Date.now().
const NOW = Date.UTC(2026, 10, 22);

test("namespaces are frozen plain objects of functions", () => {
  for (const [ns, names] of [
    [validate, ["number", "expiry", "cvc", "name", "email", "phone", "address"]],
    [format, ["number", "expiry", "caret"]],
  ]) {
    assert.ok(Object.isFrozen(ns));
    for (const n of names) assert.equal(typeof ns[n], "function", n);
  }
  assert.equal(typeof messages, "function");
});

test("validate.number: brand, partial input, codes", () => {
  assert.deepEqual(validate.number("4111 1111 1111 1111"), { ...ok, brand: "visa" });
  assert.deepEqual(validate.number("3782-822463-10005"), { ...ok, brand: "american-express" });
  assert.deepEqual(validate.number("4"), { ...bad("TOO_SHORT", true), brand: "visa" });
  assert.deepEqual(validate.number("2"), { ...bad("TOO_SHORT", true), brand: null });
  assert.deepEqual(validate.number("41x"), { ...bad("INVALID_CHARACTERS", false), brand: null });
  assert.deepEqual(validate.number("٤١١١"), { ...bad("INVALID_CHARACTERS", false), brand: null });
  assert.deepEqual(validate.number("4111111111111112"), { ...bad("LUHN_FAILED", true), brand: "visa" });
  assert.deepEqual(validate.number(""), { ...bad("EMPTY", true), brand: null });
  assert.equal(validate.number("4".repeat(100_000)).code, "TOO_LONG");
  // Not a string: treated as its text, never a throw.
  assert.equal(validate.number(4111111111111111).valid, true);
  assert.equal(validate.number(undefined).code, "EMPTY");
  assert.equal(validate.number(null).code, "EMPTY");
});

test("validate.number: GPN, and numbers of no known brand", () => {
  assert.deepEqual(validate.number("9360 0012 3456 7892"), { ...ok, brand: "gpn" });
  assert.deepEqual(validate.number("9360001234567890127"), { ...ok, brand: "gpn" });
  assert.deepEqual(validate.number("93600012345678902"), { ...bad("TOO_SHORT", true), brand: "gpn" });
  // No brand of the table: valid by length and Luhn, with the notice UNKNOWN_BRAND.
  const unknown = { valid: true, potentiallyValid: true, code: "UNKNOWN_BRAND", brand: "unknown" };
  assert.deepEqual(validate.number("7000 0000 0000 0005"), unknown);
  assert.deepEqual(validate.number("700000000005"), unknown);
  assert.deepEqual(validate.number("7000"), { ...bad("TOO_SHORT", true), brand: "unknown" });
  assert.deepEqual(validate.number("7000000000000000"), { ...bad("LUHN_FAILED", true), brand: "unknown" });
  assert.deepEqual(validate.number("70000000000000000000"), { ...bad("TOO_LONG", false), brand: "unknown" });
  // Its CVC: 3 or 4 digits.
  assert.deepEqual(validate.cvc("1234", "unknown"), ok);
  assert.deepEqual(validate.cvc("123", "unknown"), ok);
  assert.equal(format.number("7000000000000005"), "7000 0000 0000 0005");
});

test("validate.expiry: injected clock as ms or Date, string or parts", () => {
  assert.deepEqual(validate.expiry("11/26", NOW), ok);
  assert.deepEqual(validate.expiry("11 / 2026", new Date(NOW)), ok);
  assert.deepEqual(validate.expiry("10/26", NOW), bad("EXPIRED", false));
  assert.deepEqual(validate.expiry("13/30", NOW), bad("MONTH_OUT_OF_RANGE", false));
  assert.deepEqual(validate.expiry("12/", NOW), bad("INCOMPLETE", true));
  assert.deepEqual(validate.expiry("12/47", NOW), bad("YEAR_OUT_OF_RANGE", false));
  assert.deepEqual(validate.expiry({ month: 11, year: 2026 }, NOW), ok);
  assert.deepEqual(validate.expiry({ month: "3", year: "30" }, NOW), ok);
  assert.deepEqual(validate.expiry({ month: 12 }, NOW), bad("INCOMPLETE", true));
  // Last millisecond of November 2026, then the first of December.
  assert.deepEqual(validate.expiry("11/26", Date.UTC(2026, 11, 1) - 1), ok);
  assert.deepEqual(validate.expiry("11/26", Date.UTC(2026, 11, 1)), bad("EXPIRED", false));
  // Without a clock, Date.now(): a date far ahead is valid today, one long past is not.
  const next = new Date().getUTCFullYear() + 1;
  assert.deepEqual(validate.expiry(`12/${next}`), ok);
  assert.equal(validate.expiry("01/2001").code, "EXPIRED");
});

test("validate.cvc follows the brand", () => {
  assert.deepEqual(validate.cvc("123", "visa"), ok);
  assert.deepEqual(validate.cvc("1234", "american-express"), ok);
  assert.deepEqual(validate.cvc("123", "american-express"), bad("TOO_SHORT", true));
  assert.deepEqual(validate.cvc("1234"), ok);
  assert.deepEqual(validate.cvc("12a"), bad("INVALID_CHARACTERS", false));
  const { brand } = validate.number("3782 822463 10005");
  assert.equal(validate.cvc("1234", brand).valid, true);
});

test("validate.name, email", () => {
  assert.deepEqual(validate.name("Siti Nurhaliza"), ok);
  assert.deepEqual(validate.name("Владимир"), ok);
  assert.deepEqual(validate.name("R2D2"), bad("INVALID_CHARACTERS", false));
  assert.deepEqual(validate.name("J"), bad("TOO_SHORT", true));
  assert.deepEqual(validate.email("budi@example.co.id"), ok);
  assert.deepEqual(validate.email("budi@example"), bad("INVALID_EMAIL", true));
  assert.deepEqual(validate.email("budi@@example.com"), bad("INVALID_EMAIL", false));
});

test("validate.phone gives E.164", () => {
  assert.deepEqual(validate.phone("0812-3456-7890", "ID"), { ...ok, e164: "+6281234567890" });
  // As Indonesians write them (the Rust table has the rest).
  for (const p of ["0812 3456 7890", "(0812) 3456 7890", "6281234567890", "+62 812 3456 7890", "62 0812-3456-7890"]) {
    assert.deepEqual(validate.phone(p, "ID"), { ...ok, e164: "+6281234567890" }, p);
  }
  assert.deepEqual(validate.phone("021 555 1234", "ID"), { ...ok, e164: "+62215551234" });
  assert.deepEqual(validate.phone("0812 3456 7", "ID"), { ...bad("TOO_SHORT", true), e164: null });
  assert.deepEqual(validate.phone("+62 812 3456 7890"), { ...ok, e164: "+6281234567890" });
  assert.deepEqual(validate.phone("0812-3456-7890"), { ...bad("MISSING_COUNTRY_CODE", false), e164: null });
  assert.deepEqual(validate.phone("+62 81"), { ...bad("TOO_SHORT", true), e164: null });
});

test("validate.address reports the whole and each member", () => {
  const v = validate.address({ line1: "Jl. Sudirman 1", city: "Jakarta", postal_code: "10220", country: "id" });
  assert.equal(v.valid, true);
  assert.equal(v.field, null);
  assert.deepEqual(v.fields.postal_code, ok);
  const w = validate.address({ line1: "Jl. Sudirman 1", city: "Jakarta", postal_code: "1022", country: "ID" });
  assert.deepEqual([w.valid, w.potentiallyValid, w.code, w.field], [false, true, "INVALID_POSTAL_CODE", "postal_code"]);
  assert.deepEqual(w.fields.line1, ok);
  // Indonesian postal codes: 5 digits, none starting 0.
  assert.equal(validate.address({ line1: "x", city: "y", postal_code: "01022", country: "ID" }).code, "INVALID_POSTAL_CODE");
  assert.equal(validate.address({}).field, "line1");
  assert.equal(validate.address(null).field, "line1");
  assert.equal(validate.address({ line1: "x", city: "y", country: "ZZ" }).code, "INVALID_COUNTRY");
});

test("format.number, format.expiry and the caret helper", () => {
  assert.equal(format.number("4111111111111111"), "4111 1111 1111 1111");
  assert.equal(format.number("378282246310005"), "3782 822463 10005");
  assert.equal(format.number("4111-1111"), "4111 1111");
  assert.equal(format.number(""), "");
  assert.equal(format.expiry("2"), "02 / ");
  assert.equal(format.expiry("1226"), "12 / 26");
  assert.equal(format.expiry("12 /"), "12");
  // Typing a fifth digit at the end moves past the inserted space …
  assert.equal(format.caret("41111", format.number("41111"), 5), 6);
  // … typing in the middle keeps the caret after the typed digit …
  const typed = "4111 21111 1111";
  assert.equal(format.caret(typed, format.number(typed), 6), 6);
  // … and UTF-16 positions are counted as the DOM does.
  assert.equal(format.caret("😀4111 1", "4111 1", 3), 1);
  assert.equal(format.caret("4111", "4111", -1), 4);
});

test("messages(locale) covers every code in en and id", () => {
  const en = messages("en");
  const id = messages("id-ID");
  assert.deepEqual(Object.keys(en).sort(), Object.keys(id).sort());
  const codes = ["EMPTY", "INVALID_CHARACTERS", "TOO_SHORT", "TOO_LONG", "UNKNOWN_BRAND",
    "LUHN_FAILED", "INCOMPLETE", "INVALID_FORMAT", "MONTH_OUT_OF_RANGE", "EXPIRED",
    "YEAR_OUT_OF_RANGE", "INVALID_NAME", "INVALID_EMAIL", "MISSING_COUNTRY_CODE",
    "INVALID_COUNTRY_CODE", "INVALID_COUNTRY", "INVALID_POSTAL_CODE", "INVALID_FIELDS"];
  for (const c of codes) {
    assert.ok(en[c] && id[c] && en[c] !== id[c], c);
  }
  assert.equal(id.LUHN_FAILED, "Nomor kartu tidak valid. Silakan periksa kembali.");
  assert.deepEqual(messages(), en);
});

test("seal refuses invalid fields with per-field codes", () => {
  const sealer = new CardSeal(key("rsa2048-spki.pem"), { locale: "id" });
  assert.throws(
    () => sealer.seal({ number: "4111 1111 1111 1112", expiry: "01/2001", cvc: "12" }),
    (e) => {
      assert.ok(e instanceof CardSealError);
      assert.equal(e.code, "INVALID_FIELDS");
      assert.deepEqual(e.fields, { number: "LUHN_FAILED", expiry: "EXPIRED", cvc: "TOO_SHORT" });
      return true;
    },
  );
  const next = new Date().getUTCFullYear() + 1;
  const { summary } = sealer.seal({ number: "4111111111111111", expiry: `12/${next}`, cvc: "123" });
  assert.deepEqual(summary, { brand: "visa", last4: "1111", exp_month: 12, exp_year: next });
  // A card of no known brand seals, with the brand "unknown" and a 4-digit CVC allowed.
  const unknown = sealer.seal({ number: "7000 0000 0000 0005", expiry: `12/${next}`, cvc: "1234" });
  assert.deepEqual(unknown.summary, { brand: "unknown", last4: "0005", exp_month: 12, exp_year: next });
  const gpn = sealer.seal({ number: "9360001234567892", expiry: `12/${next}`, cvc: "123" });
  assert.equal(gpn.summary.brand, "gpn");
  sealer.free();
});
