// The npm package as a front-end developer gets it: `npm pack` of pkg/, installed into
// a scratch project, imported by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers.mjs";

const pkg = `${root}pkg`;
const manifest = JSON.parse(readFileSync(`${pkg}/package.json`, "utf8"));

test("package.json follows the package-hygiene rules", () => {
  assert.equal(manifest.name, "cardseal");
  assert.equal(manifest.type, "module");
  assert.equal(manifest.sideEffects, false);
  assert.equal(manifest.exports["."].default, "./index.js");
  assert.equal(manifest.exports["."].types, "./index.d.ts");
  assert.equal(manifest.exports["./cardseal_bg.wasm"], "./cardseal_bg.wasm");
  assert.ok(Array.isArray(manifest.files) && manifest.files.includes("cardseal_bg.wasm"));
});

test("integrity.json holds the sha384 of every shipped .js and .wasm", () => {
  const integrity = JSON.parse(readFileSync(`${pkg}/integrity.json`, "utf8"));
  // One self-contained module and the wasm: the only files a page runs; the frame loader
  // (cardseal/frame), the only file a shop's page runs in frame mode; and the frame
  // protocol, which the frame page on the key holder's origin imports beside index.js.
  assert.deepEqual(Object.keys(integrity).sort(), ["cardseal_bg.wasm", "frame-protocol.js", "frame.js", "index.js"]);
  for (const [file, sri] of Object.entries(integrity)) {
    const digest = createHash("sha384").update(readFileSync(`${pkg}/${file}`)).digest("base64");
    assert.equal(sri, `sha384-${digest}`, file);
  }
});

test("npm pack, install into a scratch project, import by name, seal", () => {
  const dir = mkdtempSync(join(tmpdir(), "cardseal-pack-"));
  try {
    const out = execFileSync("npm", ["pack", pkg, "--json", "--pack-destination", dir], { encoding: "utf8" });
    const [{ filename, files }] = JSON.parse(out);
    const shipped = files.map((f) => f.path).sort();
    for (const f of ["index.js", "index.d.ts", "cardseal_bg.wasm", "integrity.json", "package.json", "README.md"])
      assert.ok(shipped.includes(f), `tarball holds ${f}`);
    // One self-contained ES module for pages, and the Node entry (the "node" condition).
    assert.deepEqual(shipped.filter((f) => /\.m?js$/.test(f)), ["frame-protocol.js", "frame.js", "index.js", "node.mjs"],
      "one module a page runs (and the frame loader, and the protocol its frame page imports)");
    assert.ok(shipped.every((f) => !/\.(rs|pem|jwk|toml)$/.test(f)), "no sources or keys: " + shipped);

    const app = join(dir, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "shop", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(dir, filename)], { cwd: app, stdio: "pipe" });
    writeFileSync(join(app, "main.js"), `
      import { readFileSync } from "node:fs";
      import { CardSeal, CardSealError, keyInfo } from "cardseal";  // "node": no init, no path
      const key = readFileSync(process.argv[2], "utf8");
      const sealed = new CardSeal(key).seal({ number: "5555 5555 5555 4444", expiry: "11/33", cvc: "321" });
      let code;
      try { new CardSeal("nope"); } catch (e) { code = e instanceof CardSealError && e.code; }
      console.log(JSON.stringify({ parts: sealed.jwe.split(".").length, summary: sealed.summary, code, bits: keyInfo(key).bits }));
    `);
    const res = JSON.parse(execFileSync("node", ["main.js", `${root}tests/keys/rsa2048-spki.pem`], { cwd: app, encoding: "utf8" }));
    assert.deepEqual(res, {
      parts: 5,
      summary: { brand: "mastercard", last4: "4444", exp_month: 11, exp_year: 2033 },
      code: "INVALID_KEY",
      bits: 2048,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
