// The secure-fields loader (cardseal/frame, issue 15) in Node, against a stand-in frame:
// the handshake posts one MessageChannel port to the frame's origin only; change events
// carry no value; malformed, oversized, wrong-version and unsolicited messages are ignored
// and counted; seal() round-trips; destroy() removes the iframe and rejects what is
// pending; the style is allow-listed and what it refuses is reported; the frame's
// warnings reach `on("warning")`. The browsers' e2e tests run it against the real frame.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { root } from "./helpers.mjs";

const pkg = `${root}pkg`;
const { mountCardFields, cleanStyle, validMessage, CardFieldsError } = await import(`${pkg}/frame.js`);

/** A DOM just large enough for the loader: one iframe whose contentWindow records what
 * the loader posts, and a frame side that answers over the port it was given. */
function stage() {
  globalThis.location = { href: "http://127.0.0.1:8080/checkout" };
  const windowListeners = new Set();
  globalThis.addEventListener = (t, fn) => t == "message" && windowListeners.add(fn);
  globalThis.removeEventListener = (t, fn) => t == "message" && windowListeners.delete(fn);
  const posted = [];
  let onload;
  const iframe = {
    style: {}, attrs: {}, removed: false,
    setAttribute(k, v) { this.attrs[k] = v; },
    addEventListener(t, fn) { if (t == "load") onload = fn; },
    removeEventListener() {},
    remove() { this.removed = true; },
    contentWindow: { postMessage: (data, origin, transfer) => posted.push({ data, origin, transfer }) },
  };
  globalThis.document = { createElement: (t) => (assert.equal(t, "iframe"), iframe) };
  const container = { children: [], appendChild(c) { this.children.push(c); } };
  return { iframe, container, posted, load: () => onload(), windowListeners };
}

const ready = { v: 1, t: "ready", kid: "abcdef0123456789", holder: "Demo Processor", checks: ["FOCUS_TAKEN"], refused: ["color"] };
const state = { brand: "visa", valid: false, complete: false, empty: false };
const tick = () => new Promise((r) => setTimeout(r, 100));

test("handshake, change, resize, seal, ignored messages, destroy", async () => {
  const s = stage();
  const fields = mountCardFields(s.container, { frameUrl: "http://127.0.0.1:9090/frame/", locale: "id", style: { color: "#333", fontFamily: "Comic Sans", background: "url(x)" } });
  assert.equal(s.container.children[0], s.iframe);
  assert.equal(s.iframe.src, "http://127.0.0.1:9090/frame/");
  // Nothing the loader sets on the iframe hides it; the page's style reaches the frame only.
  assert.deepEqual(s.iframe.style, { border: "0", width: "100%", height: "0", display: "block", colorScheme: "normal", opacity: "1" });
  assert.deepEqual(fields.refused, ["fontFamily", "background"], "the loader reports what it dropped");
  assert.equal(s.posted.length, 0, "nothing before the frame loads");
  s.load();
  assert.equal(s.posted.length, 1);
  const [{ data: hello, origin, transfer }] = s.posted;
  assert.equal(origin, "http://127.0.0.1:9090", "the port goes to the frame's origin only");
  assert.deepEqual(hello, { v: 1, t: "hello", locale: "id", style: { color: "#333" } });
  const frame = transfer[0];
  const got = [];
  frame.onmessage = (e) => got.push(e.data);

  // Before "ready", everything but the frame's size is ignored.
  frame.postMessage({ v: 1, t: "change", field: "number", state });
  frame.postMessage({ v: 1, t: "resize", height: 100 });
  await tick();
  assert.equal(fields.ignored, 1);
  assert.equal(s.iframe.style.height, "100px");
  await assert.rejects(fields.seal({}), (e) => e instanceof CardFieldsError && e.code == "FRAME_NOT_READY");

  frame.postMessage({ v: 1, t: "warning", code: "FOCUS_TAKEN" }); // before ready: ignored
  frame.postMessage(ready);
  assert.deepEqual(await fields.ready, { kid: ready.kid, holder: ready.holder });
  assert.deepEqual(fields.checks, ["FOCUS_TAKEN"]);
  assert.deepEqual(fields.refused, ["fontFamily", "background", "color"], "and what the frame refused");
  const changes = [];
  const warnings = [];
  fields.on("change", (c) => changes.push(c));
  fields.on("warning", (w) => warnings.push(w));
  frame.postMessage({ v: 1, t: "change", field: "number", state });
  frame.postMessage({ v: 1, t: "warning", code: "FRAME_OBSCURED" });
  frame.postMessage({ v: 1, t: "resize", height: 212.4 });
  // Malformed, wrong version, an extra key (a value smuggled in), oversized, unknown type;
  // the old per-keystroke shape (focus, code, message); a warning that is not a code.
  frame.postMessage({ v: 2, t: "change", field: "number", state });
  frame.postMessage({ v: 1, t: "change", field: "number", state: { ...state, value: "4111111111111111" } });
  frame.postMessage({ v: 1, t: "change", field: "number", state, value: "4111" });
  frame.postMessage({ v: 1, t: "failed", id: 99, code: "x", message: "y".repeat(70000) });
  frame.postMessage({ v: 1, t: "eval", code: "alert(1)" });
  frame.postMessage("hello");
  frame.postMessage(null);
  frame.postMessage({ v: 1, t: "change", field: "number", state: { ...state, focused: true, code: "LUHN_FAILED", message: "x" } });
  frame.postMessage({ v: 1, t: "warning", code: "4111 1111" });
  await tick();
  assert.deepEqual(changes, [{ field: "number", ...state }]);
  assert.deepEqual(warnings, [{ code: "FRAME_OBSCURED" }]);
  assert.equal(s.iframe.style.height, "213px");
  assert.equal(fields.ignored, 11);

  // A window message from the frame (not over the port) is counted and dropped.
  for (const fn of s.windowListeners) fn({ source: s.iframe.contentWindow, data: ready });
  assert.equal(fields.ignored, 12);

  await assert.rejects(fields.seal({ address: { line1: "Jl. Sudirman 1", evil: "x" } }), (e) => e.code == "INVALID_CONTACT");
  const address = { line1: "Jl. Sudirman 1", city: "Jakarta", country: "ID" };
  const sealing = fields.seal({ name: "Ani", email: "ani@example.com", phone: undefined, address });
  await tick();
  const req = got.find((m) => m.t == "seal");
  assert.deepEqual(req, { v: 1, t: "seal", id: req.id, contact: { name: "Ani", email: "ani@example.com", address } });
  frame.postMessage({ v: 1, t: "sealed", id: req.id, jwe: "aa.bb.cc.dd.ee", kid: ready.kid, summary: { brand: "visa", last4: "1111" } });
  assert.deepEqual(await sealing, { jwe: "aa.bb.cc.dd.ee", kid: ready.kid, summary: { brand: "visa", last4: "1111" } });

  const failing = fields.seal();
  await tick();
  const req2 = got.filter((m) => m.t == "seal")[1];
  frame.postMessage({ v: 1, t: "failed", id: req2.id, code: "invalid_fields", message: "Check the card number" });
  await assert.rejects(failing, (e) => e.code == "invalid_fields");

  await assert.rejects(fields.seal({ email: 42 }), (e) => e.code == "INVALID_CONTACT");
  const pending = fields.seal();
  fields.destroy();
  await assert.rejects(pending, (e) => e.code == "FRAME_CLOSED");
  assert.ok(s.iframe.removed);
  assert.equal(s.windowListeners.size, 0);
});

test("setLocale reaches the frame, also when called before it was ready; a frame-level failure is an error event", async () => {
  const s = stage();
  const fields = mountCardFields(s.container, { frameUrl: "http://127.0.0.1:9090/frame/", locale: "en" });
  const errors = [];
  fields.on("error", (e) => errors.push(e));
  fields.setLocale("id"); // before the load: the hello carries it
  s.load();
  const frame = s.posted[0].transfer[0];
  assert.equal(s.posted[0].data.locale, "id");
  const got = [];
  frame.onmessage = (e) => got.push(e.data);
  fields.setLocale("en"); // after the hello, before "ready": sent once ready
  await tick();
  assert.deepEqual(got, []);
  // The frame could not load its key: an error event, nothing pending, nothing counted.
  frame.postMessage({ v: 1, t: "failed", id: 0, code: "KEY_UNAVAILABLE", message: "The card form is unavailable." });
  await tick();
  assert.deepEqual(errors.map((e) => [e.code, e instanceof CardFieldsError]), [["KEY_UNAVAILABLE", true]]);
  assert.equal(fields.ignored, 0);
  frame.postMessage(ready);
  await fields.ready;
  await tick();
  assert.deepEqual(got, [{ v: 1, t: "locale", locale: "en" }]);
  fields.setLocale("id");
  await tick();
  assert.deepEqual(got.at(-1), { v: 1, t: "locale", locale: "id" });
  fields.destroy();
  fields.setLocale("en");
  await tick();
  assert.equal(got.length, 2, "nothing after destroy");
});

test("frameUrl must be https or loopback", () => {
  const s = stage();
  assert.throws(() => mountCardFields(s.container, { frameUrl: "http://pay.example/frame/" }), TypeError);
  assert.doesNotThrow(() => mountCardFields(s.container, { frameUrl: "https://pay.example/frame/" }).destroy());
});

test("style is allow-listed (no CSS text gets through), and what is dropped is reported", () => {
  const refused = [];
  assert.deepEqual(cleanStyle({
    color: "#1a2b3c", backgroundColor: "rgb(255, 255, 255)", fontSize: "16px", padding: "8px 12px",
    fontFamily: "Georgia", borderColor: "red; background:url(//evil)", fontWeight: "bold",
    errorColor: "expression(alert(1))", focusColor: 3, opacity: "0",
  }, refused), { color: "#1a2b3c", backgroundColor: "rgb(255, 255, 255)", fontSize: "16px", padding: "8px 12px", fontFamily: "Georgia" });
  assert.deepEqual(refused, ["borderColor", "fontWeight", "errorColor", "focusColor", "opacity"]);
  assert.deepEqual(cleanStyle(null), {});
  // The theming keys (issue 21 item 5): radius and placeholder, and the dark scheme's
  // colours under `dark` (colours only; its refusals named `dark.…`).
  const dark = [];
  assert.deepEqual(cleanStyle({
    borderRadius: "12px", placeholderColor: "#555555",
    dark: { color: "#eeeeee", backgroundColor: "#111111", fontSize: "20px", borderColor: "url(x)", dark: {} },
  }, dark), { borderRadius: "12px", placeholderColor: "#555555", dark: { color: "#eeeeee", backgroundColor: "#111111" } });
  assert.deepEqual(dark, ["dark.fontSize", "dark.borderColor", "dark.dark"]);
  assert.deepEqual(cleanStyle({ borderRadius: "50%", dark: "#000" }, dark), {});
  assert.deepEqual(dark.slice(3), ["borderRadius", "dark"]);
});

test("validMessage checks version, shape and size", () => {
  assert.ok(validMessage(ready));
  assert.ok(!validMessage({ ...ready, v: "1" }));
  assert.ok(!validMessage({ ...ready, extra: 1 }));
  assert.ok(!validMessage({ v: 1, t: "resize", height: 1e9 }));
  assert.ok(!validMessage({ v: 1, t: "sealed", id: 1, jwe: "not a jwe", kid: "k", summary: {} }));
  assert.ok(!validMessage([1]));
  assert.ok(!validMessage({ ...ready, checks: "FOCUS_TAKEN" }));
  assert.ok(!validMessage({ ...ready, refused: Array(21).fill("color") }));
  assert.ok(validMessage({ v: 1, t: "warning", code: "FOCUS_TAKEN" }));
  assert.ok(!validMessage({ v: 1, t: "warning", code: "FOCUS_TAKEN", field: "number" }));
});

test("the loader is its own entry: no wasm, within 3 KB gzip", async () => {
  const { gzipSync } = await import("node:zlib");
  const src = readFileSync(`${pkg}/frame.js`);
  const gz = gzipSync(src, { level: 9 }).length;
  assert.ok(gz <= 3000);
  // The READMEs give its size as it is, to 0.1 KB.
  for (const f of ["README.md", "pkg-template/README.md"])
    assert.ok(readFileSync(`${root}${f}`, "utf8").replace(/\s+/g, " ").includes(`loader (about ${(gz / 1000).toFixed(1)} KB gzip`) ||
      readFileSync(`${root}${f}`, "utf8").replace(/\s+/g, " ").includes(`loader: about ${(gz / 1000).toFixed(1)} KB gzip`), `${f}: the loader's size, ${gz} B`);
  assert.ok(!/wasm|import\s*\(|\bimport\s+[{*\w]/.test(src.toString()), "no wasm, no imports");
  const manifest = JSON.parse(readFileSync(`${pkg}/package.json`, "utf8"));
  assert.deepEqual(manifest.exports["./frame"], { types: "./frame.d.ts", default: "./frame.js" });
});

test("frame.d.ts: strict tsc accepts the documented use and rejects misuse", async () => {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "cardseal-frame-types-"));
  const tsc = (file, code, strict = "--strict") => {
    writeFileSync(join(dir, file), code);
    try {
      execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "--noEmit", strict, "--target", "es2022",
        "--module", "nodenext", "--moduleResolution", "nodenext", "--lib", "es2022,dom", file], { cwd: dir, encoding: "utf8" });
      return "";
    } catch (e) { return e.stdout || String(e); }
  };
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(pkg, join(dir, "node_modules", "cardseal"));
    writeFileSync(join(dir, "package.json"), '{"type":"module"}');
    assert.equal(tsc("ok.ts", `
      import { mountCardFields, CardFieldsError, type FieldChange, type FrameSealed } from "cardseal/frame";
      export async function pay(el: HTMLElement): Promise<string> {
        const fields = mountCardFields(el, { frameUrl: "https://pay.example/frame/", locale: "id", style: { color: "#333", fontFamily: "system-ui" } });
        const off = fields.on("change", (c: FieldChange) => { if (c.field == "cvc" && c.complete && !c.valid) console.log(c.brand, c.empty); });
        fields.on("warning", ({ code }) => { const c: "FOCUS_TAKEN" | "FRAME_OBSCURED" = code; console.log(c, fields.checks.includes(c)); });
        await fields.ready;
        fields.setLocale("en");
        try {
          const s: FrameSealed = await fields.seal({ name: "Ani", email: "a@b.c", address: { city: "Jakarta", country: "ID" } });
          return s.jwe + s.kid;
        } catch (e) { if (e instanceof CardFieldsError) return e.code; throw e; }
        finally { off(); fields.destroy(); }
      }`), "");
    // The READMEs' frame-mode snippets compile against the types as they stand (found the
    // one way, tests/node/snippets.mjs; tests/snippets.test.mjs checks every snippet).
    const { snippets } = await import("./snippets.mjs");
    const frameSnippet = (readme) => snippets(readme).find((s) => s.lang === "ts" && s.code.includes("mountCardFields(")).code;
    const snippet = frameSnippet("pkg-template/README.md");
    assert.equal(tsc("readme.ts", snippet + "export {};\n"), "");
    assert.match(tsc("readme-bad.ts", snippet.replace("setLocale", "setLanguage") + "export {};\n"), /setLanguage/);
    const main = frameSnippet("README.md");
    assert.match(main, /fields\.on\("warning"/);
    assert.equal(tsc("main-readme.ts", main + "export {};\n"), "");
    assert.match(tsc("main-readme-bad.ts", main.replace("complete, valid", "complete, message") + "export {};\n"), /message/);
    const bad = tsc("bad.ts", `
      import { mountCardFields } from "cardseal/frame";
      const f = mountCardFields(document.body, { frameUrl: "x", style: { fontFamily: "Comic Sans" } });
      f.on("input", () => {});
      f.seal({ card: "4111" });
      f.on("change", (c) => c.message);
      f.on("warning", (w) => w.code == "KEYLOGGED");`);
    for (const n of ["Comic Sans", "input", "card", "message", "KEYLOGGED"]) assert.match(bad, new RegExp(n), bad);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("defaultCountry and the theme reach the frame in the hello; a refusal names each field with its code; the loader's own messages follow the locale", async (t) => {
  const s = stage();
  // A timeout long enough that a loaded machine's event loop never beats the frame's
  // answer; the one seal that is meant to time out waits it out.
  const fields = mountCardFields(s.container, { frameUrl: "http://127.0.0.1:9090/frame/", locale: "id", defaultCountry: "ID", timeout: 2000, theme: "dark" });
  // On a failed assertion too: no port or timer left open to keep the test file alive.
  t.after(() => {
    fields.destroy();
    s.posted[0]?.transfer[0]?.close();
  });
  await assert.rejects(fields.seal({}), (e) => e.code == "FRAME_NOT_READY" && e.fields === null && /^Formulir kartu masih dimuat/.test(e.message));
  s.load();
  // The country and the theme go only when given (the first test's hello has neither).
  assert.deepEqual(s.posted[0].data, { v: 1, t: "hello", locale: "id", style: {}, country: "ID", theme: "dark" });
  const frame = s.posted[0].transfer[0];
  const got = [];
  frame.onmessage = (e) => got.push(e.data);
  frame.postMessage(ready);
  await fields.ready;
  const refusal = async (failed) => {
    const p = fields.seal({ phone: "0812-3456-7890" });
    await tick();
    frame.postMessage({ v: 1, t: "failed", id: got.at(-1).id, ...failed });
    return p.then(() => assert.fail("sealed"), (e) => e);
  };
  const e = await refusal({ code: "INVALID_FIELDS", message: "Nomor kartu tidak valid.", fields: { number: "LUHN_FAILED", "address.postal_code": "INVALID_POSTAL_CODE" } });
  assert.ok(e instanceof CardFieldsError);
  assert.deepEqual([e.code, e.message, e.fields], ["INVALID_FIELDS", "Nomor kartu tidak valid.", { number: "LUHN_FAILED", "address.postal_code": "INVALID_POSTAL_CODE" }]);
  // A frame of before `fields`: still understood, with fields null.
  assert.equal((await refusal({ code: "SEAL_FAILED", message: "x" })).fields, null);
  // Fields that are not names and codes: the message is dropped (the seal times out).
  const before = fields.ignored;
  for (const bad of [{ number: "not a code" }, { "Number Field": "LUHN_FAILED" }, ["LUHN_FAILED"], { number: { code: "X" } },
    Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, "EMPTY"]))]) {
    assert.equal(validMessage({ v: 1, t: "failed", id: 1, code: "INVALID_FIELDS", message: "m", fields: bad }), false, JSON.stringify(bad));
  }
  const timedOut = await refusal({ code: "INVALID_FIELDS", message: "m", fields: { number: 7 } });
  assert.equal(fields.ignored, before + 1);
  assert.equal(timedOut.code, "FRAME_TIMEOUT");
  assert.match(timedOut.message, /^Formulir kartu tidak menjawab/);
  await assert.rejects(fields.seal({ email: 42 }), (e) => e.code == "INVALID_CONTACT" && e.message == "contact.email: harus teks, paling banyak 200 karakter");
  fields.setLocale("en");
  await assert.rejects(fields.seal({ phone: ["0812"] }), (e) => e.message == "contact.phone: text of at most 200 characters expected");
  const pending = fields.seal();
  fields.destroy();
  await assert.rejects(pending, (e) => e.code == "FRAME_CLOSED" && /^The card form was closed/.test(e.message));
});
