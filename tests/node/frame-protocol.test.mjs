// The frame protocol's one home (pkg-template/frame-protocol.js, issue 21 item 4) against
// everything that repeats its facts: frame.d.ts (read with the TypeScript compiler API,
// as tests/node/table.test.mjs reads index.d.ts against the Rust tables), the package's
// own code and field tables (the frame's codes must not reuse a code of `messages()`;
// the contact and address lists are the field table's names), frame.css (a custom property
// for each style key, in both schemes for the colours) and the frame page (it raises each
// warning). The loader and the frame page import the module; neither defines these.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { root, cardseal } from "./helpers.mjs";

const P = await import(`${root}pkg-template/frame-protocol.js`);

const parse = (file) => ts.createSourceFile(file, readFileSync(`${root}pkg/${file}`, "utf8"), ts.ScriptTarget.Latest, true);
const frameDts = parse("frame.d.ts");
const indexDts = parse("index.d.ts");

/** The top-level declaration `name` of a .d.ts. */
function declaration(sf, name) {
  const d = sf.statements.find((s) => s.name?.getText() === name);
  assert.ok(d, `${sf.fileName} declares ${name}`);
  return d;
}
/** The string literals of a union type node. */
function literals(type) {
  const types = ts.isUnionTypeNode(type) ? type.types : [type];
  return types.map((t) => {
    assert.ok(ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal), `${t.getText()} is a string literal`);
    return t.literal.text;
  });
}
const union = (sf, name) => literals(declaration(sf, name).type);
/** An interface's members, those of the interfaces it extends (in the same file) too. */
function members(sf, name) {
  const d = declaration(sf, name);
  const own = new Map(d.members.map((m) => [m.name.getText(), m]));
  for (const h of d.heritageClauses ?? []) for (const t of h.types) for (const [k, m] of members(sf, t.expression.getText())) own.set(k, m);
  return own;
}
const same = (actual, expected, what) => {
  assert.equal(new Set(actual).size, actual.length, `${what}: each once`);
  assert.deepEqual([...actual].sort(), [...expected].sort(), what);
};

test("frame.d.ts names the protocol's fields, warnings, themes, codes, style keys and fonts", () => {
  same(union(frameDts, "FrameField"), P.FIELDS, "FrameField == FIELDS");
  same(union(frameDts, "FrameWarningCode"), P.WARNINGS, "FrameWarningCode == WARNINGS");
  same(union(frameDts, "FrameTheme"), P.THEMES, "FrameTheme == THEMES");
  const errors = [...Object.keys(P.LOADER_CODES.en), ...Object.keys(P.FRAME_CODES.en)].filter((c) => !P.WARNINGS.includes(c));
  same(union(frameDts, "FrameErrorCode"), errors, "FrameErrorCode == the table's codes but the warnings");
  const style = members(frameDts, "FrameStyle");
  same([...style.keys()], [...Object.keys(P.STYLE), "dark"], "FrameStyle == STYLE's keys and dark");
  same([...members(frameDts, "FrameColours").keys()], Object.keys(P.STYLE).filter(P.isColour), "FrameColours == STYLE's colour keys");
  assert.equal(style.get("dark").type.getText(), "FrameColours");
  same(literals(style.get("fontFamily").type), P.FONTS, "FrameStyle.fontFamily == FONTS");
  same([...members(frameDts, "FrameContact").keys()], P.CONTACT, "FrameContact == CONTACT");
  same([...members(indexDts, "CardAddress").keys()], P.ADDRESS, "CardAddress (index.d.ts) == ADDRESS");
  // The floor is kept on colours, each of the allow-list.
  assert.ok(Object.keys(P.FLOOR).every(P.isColour));
  // The 200-character limit the types' words state is the protocol's.
  assert.match(declaration(frameDts, "FrameErrorCode").getFullText(), new RegExp(`at most ${P.TEXT_MAX} characters`));
});

test("the frame's codes: one table with en and id texts, no code of the package's table reused", () => {
  const ours = [];
  for (const part of [P.LOADER_CODES, P.FRAME_CODES]) {
    assert.deepEqual(Object.keys(part).sort(), ["en", "id"]);
    assert.deepEqual(Object.keys(part.id), Object.keys(part.en), "the same codes in id as in en");
    for (const [code, text] of Object.entries(part.en)) {
      assert.match(code, /^[A-Z][A-Z_]{2,39}$/, "a stable upper-case code");
      for (const t of [text, part.id[code]]) assert.ok(typeof t == "string" && t.length > 10 && t.length <= 300, `${code}: ${t}`);
      assert.notEqual(text, part.id[code], `${code}: translated`);
      ours.push(code);
    }
  }
  same(ours, new Set(ours), "codes across the two parts");
  // The package's table (Rust: src/messages/), whose codes a CardFieldsError may also carry.
  const theirs = Object.keys(cardseal.messages("en"));
  assert.ok(theirs.includes("INVALID_FIELDS") && theirs.includes("NOT_READY"));
  assert.deepEqual(ours.filter((c) => theirs.includes(c)), [], "a frame code that is also the package's");
  // Each warning has its texts in the frame's part.
  for (const w of P.WARNINGS) assert.ok(P.FRAME_CODES.en[w] && P.FRAME_CODES.id[w], w);
});

test("CONTACT and ADDRESS are the package's field table's names", async () => {
  const modules = new URL(`${process.env.CARGO_TARGET_DIR ?? "target"}/pkg-modules/`, `file://${root}`);
  const wasm = await import(new URL("cardseal.js", modules));
  wasm.initSync({ module: readFileSync(`${root}pkg/cardseal_bg.wasm`) });
  const names = wasm.fieldTable().map((r) => r.name);
  same(names.filter((n) => n.startsWith("address.")).map((n) => n.slice(8)), P.ADDRESS, "ADDRESS == the table's address.*");
  for (const c of [...P.CONTACT, ...P.FIELDS.filter((f) => f != "expiry")])
    assert.ok(names.some((n) => n == c || n.startsWith(c + ".")), `${c} is a field of the table`);
});

test("frame.css has a custom property for each style key (the colours in both schemes); the frame raises each warning", () => {
  const css = readFileSync(`${root}frame/frame.css`, "utf8");
  const block = (sel) => css.slice(css.indexOf(sel + " {")).split("}")[0];
  for (const k of Object.keys(P.STYLE)) {
    assert.match(block(":root"), new RegExp(`--${k}:`), `:root --${k}`);
    assert.match(css, new RegExp(`var\\(--${k}\\)`), `--${k} is used`);
    if (P.isColour(k)) assert.match(block(':root[data-scheme="dark"]'), new RegExp(`--${k}:`), `dark --${k}`);
  }
  const frame = readFileSync(`${root}frame/frame.js`, "utf8");
  for (const w of P.WARNINGS) assert.ok(frame.includes(`warn("${w}")`), `the frame raises ${w}`);
  // Neither side defines a protocol constant of its own.
  const loader = readFileSync(`${root}pkg-template/frame.js`, "utf8");
  for (const [file, src] of [["frame/frame.js", frame], ["pkg-template/frame.js", loader]])
    for (const fact of ['"number", "expiry"', '"line1"', '"system-ui", "sans-serif"', "FOCUS_TAKEN: \"", "const V =", "const MAX =", "8192"])
      assert.ok(!src.includes(fact), `${file} repeats ${fact}`);
});

test("validRequest: the page's messages, shape, version and size (the frame's side)", () => {
  const hello = { v: 1, t: "hello", locale: "en", style: {} };
  assert.ok(P.validRequest(hello));
  assert.ok(P.validRequest({ ...hello, country: "ID", theme: "dark" }));
  // A theme the frame does not know is read as "auto", not a broken handshake.
  assert.ok(P.validRequest({ ...hello, theme: "sepia" }));
  for (const bad of [{ ...hello, v: 2 }, { ...hello, countries: "ID" }, { ...hello, style: [] }, { ...hello, theme: "x".repeat(11) },
    { v: 1, t: "seal", id: 1, contact: { card: "4111" } }, { v: 1, t: "seal", id: 1, contact: { name: "x".repeat(P.TEXT_MAX + 1) } },
    { v: 1, t: "seal", id: 1, contact: { address: { street: "x" } } }, { v: 1, t: "focus", field: "email" },
    { v: 1, t: "locale", locale: "en", pad: "x".repeat(P.MAX_IN) }, { v: 1, t: "eval" }, null, "hello"])
    assert.equal(P.validRequest(bad), false, JSON.stringify(bad)?.slice(0, 80));
  assert.ok(P.validRequest({ v: 1, t: "seal", id: 1, contact: { name: "x".repeat(P.TEXT_MAX), address: { city: "Jakarta" } } }));
});

test("the frame's own colours (frame.css) pass the floor in both schemes", () => {
  const css = readFileSync(`${root}frame/frame.css`, "utf8");
  const vars = (sel) => Object.fromEntries([...css.slice(css.indexOf(sel + " {")).split("}")[0].matchAll(/--(\w+): (#[0-9a-f]{3,6});/gi)].map((m) => [m[1], m[2]]));
  const rgb = (h) => (h.length == 4 ? [...h.slice(1)].map((c) => c + c) : [h.slice(1, 3), h.slice(3, 5), h.slice(5)]).map((x) => parseInt(x, 16));
  const lum = (c) => rgb(c).reduce((s, v, i) => {
    const x = v / 255;
    return s + [0.2126, 0.7152, 0.0722][i] * (x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
  }, 0);
  const contrast = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const light = vars(":root");
  const dark = { ...light, ...vars(':root[data-scheme="dark"]') };
  for (const [name, scheme] of [["light", light], ["dark", dark]])
    for (const [k, min] of Object.entries(P.FLOOR)) {
      const ratio = contrast(scheme[k], scheme.backgroundColor);
      assert.ok(ratio >= min, `${name}: ${k} ${scheme[k]} on ${scheme.backgroundColor} is ${ratio.toFixed(2)}:1, under ${min}:1`);
    }
  assert.notEqual(dark.backgroundColor, light.backgroundColor);
});
