// The package's TypeScript types as a front-end developer's project sees them: a strict
// `tsc` over code that uses every documented API accepts it, and rejects misuse (so the
// types are real, not `any`). TypeScript is a dev dependency, test-only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers.mjs";

const tsc = `${root}node_modules/typescript/bin/tsc`;

/** Runs strict tsc once over `files` ({ name: code }) in a scratch project where
 * `cardseal` is pkg/; gives tsc's output ("" when it accepts them all). */
function check(files, lib = "es2022,dom", extra = []) {
  const dir = mkdtempSync(join(tmpdir(), "cardseal-types-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(`${root}pkg`, join(dir, "node_modules", "cardseal"));
    for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
    const args = ["--noEmit", "--strict", "--target", "es2022", "--module", "nodenext",
      "--moduleResolution", "nodenext", "--lib", lib, ...extra, ...Object.keys(files)];
    try {
      execFileSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: "utf8" });
      return "";
    } catch (e) {
      return e.stdout || String(e);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const uses = `
import init, { CardSeal, CardSealError, keyInfo, validate, format, messages, brands,
  type Sealed, type KeyInfo, type Binding, type SealedDetail, type CardSealErrorCode,
  type FieldCode, type CardBrand, type CardFields, type ChangeDetail, type FieldState } from "cardseal";
export async function main(form: HTMLFormElement, pem: string): Promise<void> {
  await init();
  const sealer = new CardSeal(pem, { locale: "id-ID" });
  const kid: string = sealer.kid;
  const sealed: Sealed = sealer.seal({ number: "4111111111111111", expiry: "12/34", cvc: "123",
    address: { line1: "Jl. Sudirman 1", city: "Jakarta", country: "ID" } });
  const jwe: string = sealed.jwe;
  const last4: string | null = sealed.summary.last4;
  const each: Record<string, string> = sealer.sealEach({ number: "4111111111111111", exp_month: 12, exp_year: 2034 });
  const info: KeyInfo = keyInfo(pem);
  const bits: number = info.bits;
  const binding: Binding = sealer.attach(form, { hiddenInputName: "jwe", perField: true });
  form.addEventListener("cardseal:sealed", (e) => {
    const d: SealedDetail = e.detail;
    e.preventDefault();
    void d.summary.brand;
  });
  form.addEventListener("cardseal:invalid", (e) => {
    const why: FieldCode | undefined = e.detail.fields["address.city"];
    const code: CardSealErrorCode = e.detail.code;
    void [why, code];
  });
  form.addEventListener("cardseal:brand", (e) => {
    const id: CardBrand | null = e.detail.brand;
    const shown: string = brands().find((b) => b.id === id)?.name ?? "";
    void shown;
  });
  // Pay enabled from the binding's state, on each field's change (in-page, as frame mode).
  form.addEventListener("cardseal:change", (e) => {
    const d: ChangeDetail = e.detail;
    const pay: boolean = binding.complete;
    const number: FieldState | undefined = binding.state["number"];
    void [pay, number, d.field, d.valid, d.complete, d.empty, d.brand];
  });
  form.addEventListener("cardseal:error", (e) => {
    const code: CardSealErrorCode = e.detail.code;
    void code;
  });
  const bound: Binding = await CardSeal.attach(form, pem, { locale: "id", hiddenInputName: "jwe" });
  void bound;
  binding.detach();
  const brand: CardBrand | null = validate.number("4111").brand;
  const fourDigits: boolean = validate.cvc("1234", brand).valid;
  const why: FieldCode | null = validate.address({ city: "" }).fields.city.code;
  const given: CardFields = { exp_month: "12", exp_year: 2034 };
  const e164: string | null = validate.phone("0812 3456 7890", "ID").e164;
  const shown: string = format.number("4111111111111111");
  const at: number = format.caret("4111", "4111 1", 5);
  const text: string | undefined = messages("en")["LUHN_FAILED"];
  const created: CardSeal = await CardSeal.create({ kty: "RSA", n: "…", e: "AQAB" }, { locale: "id" });
  const fromJwks: KeyInfo = keyInfo({ keys: [{ kty: "RSA", n: "…", e: "AQAB", use: "enc" }] });
  void [created, fromJwks];
  try { new CardSeal("x"); } catch (err) {
    if (err instanceof CardSealError) { const c: string = err.code; void c; }
  }
  // e.code is a union: a switch narrows it, and the fields' reasons are FieldCodes.
  try { sealer.seal(given); } catch (err) {
    if (!(err instanceof CardSealError)) throw err;
    switch (err.code) {
      case "INVALID_FIELDS": {
        const reason: FieldCode | undefined = err.fields?.["number"];
        void reason;
        break;
      }
      case "NO_FIELDS":
        break;
      default: {
        const other: Exclude<CardSealErrorCode, "INVALID_FIELDS" | "NO_FIELDS"> = err.code;
        void other;
      }
    }
  }
  void [kid, jwe, last4, each, bits, brand, fourDigits, why, e164, shown, at, text];
}
`;

test("strict tsc accepts every documented use of the package", () => {
  assert.equal(check({ "app.ts": uses }), "");
});

test("the README's page script (examples/html/checkout.js) is strict-clean JavaScript (checkJs)", () => {
  // A module of its own (.mjs), its {{kid}} filled in as the key page and server.mjs do.
  const js = readFileSync(`${root}examples/html/checkout.js`, "utf8").replace("{{kid}}", "kid");
  assert.equal(check({ "checkout.mjs": js }, "es2022,dom", ["--allowJs", "--checkJs"]), "");
});

test("strict tsc rejects misuse: the types are not any", () => {
  const misuses = [
    [`new CardSeal(42);`, "a key that is not text"],
    [`new CardSeal("k").seal({ numbr: "4111" });`, "a misspelt field"],
    [`const j: number = new CardSeal("k").seal({}).jwe;`, "jwe is a string"],
    [`new CardSeal("k").attach("form");`, "attach takes a form element"],
    [`const b: boolean = keyInfo("k").kid;`, "kid is a string"],
    [`validate.number(4111);`, "validators take text"],
    [`try { keyInfo("k"); } catch (e) { if (e instanceof CardSealError && e.code === "NOT_A_CODE") {} }`,
      "a code that is not in the code table"],
    [`const b: CardBrand = "vissa";`, "a brand that is not in the brand table"],
    [`validate.cvc("123", "vissa");`, "cvc's brand is a CardBrand"],
    [`const c: FieldCode | null = validate.name("x").code === "LUHN_FAILD" ? null : null;`,
      "a field code that is not in the code table"],
    [`new CardSeal("k").seal({ exp_month: true });`, "a month that is neither text nor a number"],
    [`new CardSeal("k").seal({ address: { town: "Jakarta" } });`, "an address member that is not in the table"],
    [`new CardSeal("k").attach({} as HTMLFormElement).complete = true;`, "complete is read-only"],
    [`const f: number = new CardSeal("k").attach({} as HTMLFormElement).state["cvc"]!.brand;`, "a state's brand is a CardBrand"],
  ];
  const files = Object.fromEntries(misuses.map(([code], i) => [`misuse${i}.ts`,
    `import { CardSeal, CardSealError, keyInfo, validate, type CardBrand, type FieldCode } from "cardseal";\n${code}\nvoid [CardSeal, CardSealError, keyInfo, validate];\n`]));
  const out = check(files);
  misuses.forEach(([code, why], i) => {
    // An error on the line of the misuse itself (line 2, after the import), not in the
    // import or the set-up.
    assert.match(out, new RegExp(`^misuse${i}\\.ts\\(2,\\d+\\): error TS\\d+`, "m"),
      `tsc should refuse ${why}: ${code}`);
  });
});

// A Node project: no DOM lib and no @types/node. The types name no browser type that such
// a project lacks (RequestInfo, BufferSource, WebAssembly, HTMLFormElement, CustomEvent).
const node = `
import { CardSeal, CardSealError, keyInfo, validate, type Sealed } from "cardseal";
import init from "cardseal";
export async function main(pem: string): Promise<string> {
  await init();
  const sealer = await CardSeal.create(pem);
  const sealed: Sealed = sealer.seal({ number: "4111111111111111", expiry: "12/34" });
  try { keyInfo({ kty: "RSA" }); } catch (e) { if (e instanceof CardSealError && e.code === "NOT_READY") throw e; }
  sealer.free();
  return sealed.jwe + String(validate.number("4").valid);
}
`;

test("strict tsc accepts the package in a Node project without the DOM lib", () => {
  assert.equal(check({ "server.ts": node }, "es2022"), "");
});
