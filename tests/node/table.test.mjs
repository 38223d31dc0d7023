// index.d.ts against the tables it types. The code table, the field table and the brand
// table live in Rust (src/messages/, src/fields/, src/validate/brands.rs); the package
// exposes them as `codes()`, `fieldTable()` and `brands()`, and index.d.ts spells them out
// as TypeScript. Here the built package's index.d.ts, read with the TypeScript compiler
// API, must agree with those exports, and the `validate` and `format` namespaces of
// index.js with the names the wasm dispatches on: a row added in Rust fails this suite
// until index.d.ts (and, for a code, the package README) has it too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { root, cardseal, key } from "./helpers.mjs";

const { CardSeal } = cardseal;

// The raw wasm-bindgen exports: the package ships one bundled module, so the build keeps
// the separate modules for tests in target/pkg-modules/ (its own instance of the same wasm).
const modules = new URL(`${process.env.CARGO_TARGET_DIR ?? "target"}/pkg-modules/`, `file://${root}`);
const wasm = await import(new URL("cardseal.js", modules));
wasm.initSync({ module: readFileSync(`${root}pkg/cardseal_bg.wasm`) });

const dts = ts.createSourceFile("index.d.ts", readFileSync(`${root}pkg/index.d.ts`, "utf8"),
  ts.ScriptTarget.Latest, true);

/** The top-level declaration named `name` in index.d.ts. */
function declaration(name) {
  for (const s of dts.statements) {
    if (ts.isVariableStatement(s)) {
      const d = s.declarationList.declarations.find((v) => v.name.getText() === name);
      if (d) return d;
    } else if (s.name?.getText() === name) {
      return s;
    }
  }
  assert.fail(`index.d.ts declares no ${name}`);
}

/** The string literals of the union type alias `name`. */
function union(name) {
  const d = declaration(name);
  assert.ok(ts.isTypeAliasDeclaration(d), `${name} is a type alias`);
  const types = ts.isUnionTypeNode(d.type) ? d.type.types : [d.type];
  return types.map((t) => {
    assert.ok(ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal), `${name}: ${t.getText()} is a string literal`);
    return t.literal.text;
  });
}

/** The members of a type: an interface's, a type literal's, or those of the interface
 * a type reference names. */
function members(type) {
  if (ts.isTypeReferenceNode(type)) return members(declaration(type.typeName.getText()));
  assert.ok(ts.isInterfaceDeclaration(type) || ts.isTypeLiteralNode(type), `${type.getText()} has members`);
  return new Map(type.members.map((m) => [m.name.getText(), m]));
}

/** The keyword kinds of a member's type: `string | number` → [StringKeyword, NumberKeyword]. */
function kinds(member) {
  const t = member.type;
  return (ts.isUnionTypeNode(t) ? t.types : [t]).map((u) => u.kind);
}

const sorted = (list) => [...list].sort();

/** Asserts a list equals a table's, as sets, each once. */
function sameSet(actual, table, what) {
  assert.equal(new Set(actual).size, actual.length, `${what}: no duplicates in index.d.ts`);
  assert.deepEqual(sorted(actual), sorted(table), what);
}

test("CardSealErrorCode, FieldCode and KeyWarningCode are the code table's kinds", () => {
  const codes = wasm.codes();
  sameSet(union("CardSealErrorCode"), codes.error, "CardSealErrorCode == codes().error");
  sameSet(union("FieldCode"), codes.field, "FieldCode == codes().field");
  sameSet(union("KeyWarningCode"), codes.warning, "KeyWarningCode == codes().warning");
  // And every code of the table has its texts.
  const en = cardseal.messages("en");
  sameSet(Object.keys(en), [...codes.error, ...codes.field, ...codes.warning], "messages() == the code table");
});

test("the package README documents every CardSealErrorCode and data-cardseal value", () => {
  const readme = readFileSync(`${root}pkg/README.md`, "utf8");
  for (const code of wasm.codes().error) assert.ok(readme.includes(`\`${code}\``), `README: ${code}`);
  for (const { attr } of wasm.fieldTable()) assert.ok(readme.includes(`\`${attr}\``), `README: ${attr}`);
});

test("CardBrand is the brand table's ids and \"unknown\"; brands() gives each a name and its CVC length", () => {
  const rows = cardseal.brands();
  // And "unknown", which validate.number reports for a number of no brand of the table.
  sameSet(union("CardBrand"), [...rows.map((b) => b.id), "unknown"], "CardBrand == brands() ids + unknown");
  for (const b of rows) {
    assert.deepEqual(Object.keys(b), ["id", "name", "cvc"], b.id);
    assert.ok(typeof b.name === "string" && b.name.trim() === b.name && b.name.length > 0, b.id);
    // The length the form binding sets as the CVC's maxlength is the one validate.cvc takes.
    assert.equal(cardseal.validate.cvc("1".repeat(b.cvc), b.id).valid, true, `${b.id}: ${b.cvc} digits`);
    assert.equal(cardseal.validate.cvc("1".repeat(b.cvc + 1), b.id).code, "TOO_LONG", `${b.id}: ${b.cvc + 1} digits`);
  }
  // An unknown brand takes 3 or 4 digits: the binding's maxlength is 4 then.
  assert.equal(cardseal.validate.cvc("1234", "unknown").valid, true);
  assert.equal(cardseal.validate.cvc("12345", "unknown").code, "TOO_LONG");
  assert.deepEqual(rows.slice(0, 3), [
    { id: "visa", name: "Visa", cvc: 3 },
    { id: "mastercard", name: "Mastercard", cvc: 3 },
    { id: "american-express", name: "American Express", cvc: 4 },
  ]);
  // What validate.number reports is an id of the table.
  for (const n of ["4111111111111111", "378282246310005", "6200000000000005", "2200000000000004", "9360001234567892"]) {
    const { brand } = cardseal.validate.number(n);
    assert.ok(rows.some((b) => b.id === brand), `${n}: ${brand}`);
  }
  assert.equal(cardseal.validate.number("7000000000000005").brand, "unknown");
});

test("CardFields is the field table: its top-level names and the address's members", () => {
  const table = wasm.fieldTable();
  const fields = members(declaration("CardFields"));
  // `address.city` is the member `city` of the group `address`: the table says so.
  const groups = new Map();
  for (const { name, group = name, member } of table) {
    if (!groups.has(group)) groups.set(group, []);
    if (member) groups.get(group).push(member);
  }
  sameSet([...fields.keys()], [...groups.keys()], "CardFields members == the table's top-level names");
  for (const [group, list] of groups) {
    const m = fields.get(group);
    assert.ok(m.questionToken, `CardFields.${group} is optional`);
    if (list.length === 0) continue;
    const inner = members(m.type);
    sameSet([...inner.keys()], list, `CardFields.${group} members == the table's ${group}.* rows`);
    for (const [name, im] of inner) assert.ok(im.questionToken, `CardFields.${group}.${name} is optional`);
  }
});

test("CardFields takes a number exactly where the table does (exp_month, exp_year)", () => {
  const sealer = new CardSeal(key("rsa2048-spki.pem"));
  const fields = members(declaration("CardFields"));
  let numbers = 0;
  for (const { name, group, member } of wasm.fieldTable()) {
    const m = member ? members(fields.get(group).type).get(member) : fields.get(name);
    assert.ok(m, `CardFields has ${name}`);
    const declared = kinds(m);
    assert.ok(declared.includes(ts.SyntaxKind.StringKeyword), `${name} takes a string`);
    // The table's rule, seen from outside: is the number 12 refused as of the wrong type?
    const given = member ? { [group]: { [member]: 12 } } : { [name]: 12 };
    let code;
    try {
      sealer.seal(given);
    } catch (e) {
      code = e.fields?.[name];
    }
    const takesNumber = code !== "INVALID_TYPE";
    numbers += takesNumber;
    assert.equal(declared.includes(ts.SyntaxKind.NumberKeyword), takesNumber,
      `${name}: index.d.ts says ${declared.map((k) => ts.SyntaxKind[k]).join(" | ")}; seal ${takesNumber ? "takes" : "refuses"} a number`);
  }
  assert.equal(numbers, 2, "exp_month and exp_year take numbers");
  sealer.free();
});

test("validate.* and format.* are the names the wasm dispatches, in index.js and index.d.ts", () => {
  const typed = (name) => [...members(declaration(name).type).keys()];
  sameSet(typed("validate"), Object.keys(cardseal.validate), "validate: index.d.ts == index.js");
  sameSet(typed("format"), Object.keys(cardseal.format), "format: index.d.ts == index.js");

  // An unknown validator is UNKNOWN_FIELD; each name of the namespace is one the wasm knows.
  assert.equal(wasm.validateField("no-such-validator", "", undefined).code, "UNKNOWN_FIELD");
  for (const name of Object.keys(cardseal.validate)) {
    assert.notEqual(wasm.validateField(name, "", undefined).code, "UNKNOWN_FIELD", `validateField("${name}")`);
    assert.notEqual(cardseal.validate[name]("").code, "UNKNOWN_FIELD", `validate.${name}`);
  }
  // Every field's validator (the one the form binding calls) is one of them.
  for (const { name, validator } of wasm.fieldTable()) {
    assert.ok(Object.hasOwn(cardseal.validate, validator), `${name}: validator ${validator} is a validate.* name`);
  }

  // An unknown formatter gives its input back; each name of the namespace changes it.
  const args = ["41111", "4111 1", 5];
  assert.equal(wasm.formatField("no-such-formatter", ...args), "41111");
  for (const name of Object.keys(cardseal.format)) {
    assert.notEqual(wasm.formatField(name, ...args), "41111", `formatField("${name}")`);
  }
});

test("the field table's form attributes are unique and its rows complete", () => {
  const table = wasm.fieldTable();
  const attrs = table.map((r) => r.attr);
  assert.equal(new Set(attrs).size, attrs.length, `data-cardseal values: ${attrs}`);
  for (const r of table) {
    const grouped = r.name.includes(".");
    assert.deepEqual(Object.keys(r).sort(), ["attr", "autocomplete", "inputmode", "name", "validator",
      ...(grouped ? ["group", "member"] : [])].sort(), r.name);
    assert.ok(r.attr && r.autocomplete, r.name);
    // A member of a group is named `group.member`.
    if (grouped) assert.equal(r.name, `${r.group}.${r.member}`);
  }
});
