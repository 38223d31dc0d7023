// make bench: sealing speed in Node 20, then in headless Chromium, Firefox ESR and WebKitGTK, of
// cardseal (wasm) against WebCrypto doing the same work in the same place. The measuring
// is scripts/bench-seal-core.mjs, the same module in Node and in the page; the browsers
// are driven by scripts/bench-seal-browser.mjs. Prints figures, asserts none; exits
// non-zero (one line per browser) when a browser cannot be started or its page fails.
// Usage:
//   node scripts/bench-seal.mjs [--browser chromium|firefox|webkit|none]...   (default: all three)
import { webcrypto as wc } from "node:crypto";
import { existsSync, readFileSync as read } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BATCH, ROUNDS, bench, coldStart, keystroke } from "./bench-seal-core.mjs";

const ALL = ["chromium", "firefox", "webkit"];
let browsers = null;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const name = a === "--browser" ? process.argv[++i] : a.startsWith("--browser=") ? a.slice(10) : undefined;
  if (name === undefined || ![...ALL, "none"].includes(name)) {
    console.error(`bench: unknown argument ${JSON.stringify(a)}; usage: node scripts/bench-seal.mjs [--browser ${ALL.join("|")}|none]...`);
    process.exit(2);
  }
  browsers = [...(browsers ?? []), ...(name === "none" ? [] : [name])];
}
browsers ??= ALL;

// ---- Node: the package loaded the way Node users do (initSync) ----

const root = fileURLToPath(new URL("..", import.meta.url));
// pkg/, or $PKG_DIR (another build, e.g. a before/after pair in one run; the browsers serve
// the same one, scripts/browser-test.mjs).
const pkgDir = resolve(root, process.env.PKG_DIR ?? "pkg");
const pkg = await import(`${pkgDir}/index.js`);
const pem = read(`${root}tests/keys/rsa2048-spki.pem`, "utf8");
const cold = await coldStart(pkg, () => pkg.initSync({ module: read(`${pkgDir}/cardseal_bg.wasm`) }), pem);
const node = { cold, split: coldStart.split, ...(await bench(pkg, wc, pem)) };

const fmt = (x) => x.toFixed(3).padStart(8);
console.log(`node ${process.version}, ${ROUNDS} batches of ${BATCH}, medians`);
console.log(`cold start (compile + instantiate + key import + first seal): ${node.cold.toFixed(1)} ms`);
console.log(`key import (new CardSeal, PEM)     ${fmt(node.importMs)} ms`);
console.log(`seal, whole form                   ${fmt(node.seal)} ms`);
console.log(`sealEach, 4 JWEs                   ${fmt(node.each)} ms`);
console.log(`WebCrypto, same work (async)       ${fmt(node.webcrypto)} ms`);
console.log(`ratio seal / WebCrypto             ${node.ratio.toFixed(2)}x`);
console.log(`validate.number, one keystroke     ${node.keystroke.toFixed(4).padStart(8)} ms`);

// The keystroke against the memory suite's control build (the package without the stack
// wipe, `make pkg-control`), when it is there: what the wipe costs a keystroke. Each is
// timed three times, alternating, and the best median of each kept, as they share this
// process and the machine.
const controlDir = `${process.env.CARGO_TARGET_DIR ?? `${root}target`}/pkg-control/`;
if (existsSync(`${controlDir}index.js`)) {
  const control = await import(`${controlDir}index.js`);
  control.initSync({ module: read(`${controlDir}cardseal_bg.wasm`) });
  const ours = [node.keystroke], theirs = [keystroke(control)];
  for (let i = 0; i < 2; i++) ours.push(keystroke(pkg)), theirs.push(keystroke(control));
  const k = Math.min(...ours), c = Math.min(...theirs);
  console.log(`validate.number, control build     ${c.toFixed(4).padStart(8)} ms (no stack wipe); package / control ${(k / c).toFixed(2)}x (best of 3 medians each)`);
} else {
  console.log("validate.number, control build: not built (make pkg-control)");
}

// ---- the browsers, side by side with Node ----

if (browsers.length) {
  const { benchInBrowser } = await import("./bench-seal-browser.mjs");
  const columns = [{ head: `node ${process.version.slice(1)}`, f: node }];
  let failed = false;
  console.log("");
  for (const name of browsers) {
    try {
      const r = await benchInBrowser(name);
      console.log(`${name} ${r.version} (${r.how}; crossOriginIsolated ${r.crossOriginIsolated}; ` +
        `first seal ${r.sinceNavigation.toFixed(1)} ms after navigation start): ${r.userAgent}`);
      console.log(`  cold starts of ${r.colds.length} page loads, ms: ${r.colds.map((c) => c.toFixed(1)).join(" ")}`);
      // The major version (WebKitGTK's is "2": major.minor there).
      columns.push({ head: `${name} ${r.version.split(".").slice(0, name === "webkit" ? 2 : 1).join(".")}`, f: r });
    } catch (e) {
      failed = true;
      console.error(`bench: ${String(e?.message ?? e).trim().split("\n")[0].slice(0, 300)}`);
    }
  }
  const rows = [
    ["cold start (Node: once; browsers: median of page loads)", (f) => f.cold.toFixed(1)],
    ["  of which init (fetch + compile + instantiate)", (f) => f.split.load.toFixed(1)],
    ["  of which the first key import", (f) => f.split.keyImport.toFixed(1)],
    ["  of which the first seal", (f) => f.split.firstSeal.toFixed(1)],
    ["key import (new CardSeal, PEM)", (f) => f.importMs.toFixed(3)],
    ["seal, whole form", (f) => f.seal.toFixed(3)],
    ["sealEach, 4 JWEs", (f) => f.each.toFixed(3)],
    ["WebCrypto, same work (async)", (f) => f.webcrypto.toFixed(3)],
    ["ratio seal / WebCrypto", (f) => `${f.ratio.toFixed(2)}x`],
    ["validate.number, one keystroke", (f) => f.keystroke.toFixed(4)],
  ];
  const w = Math.max(...rows.map(([label]) => label.length));
  console.log("");
  console.log(`medians of ${ROUNDS} batches of ${BATCH}, ms`.padEnd(w + 1) +
    columns.map((c) => c.head.padStart(16)).join(""));
  for (const [label, cell] of rows) console.log(label.padEnd(w + 1) + columns.map((c) => cell(c.f).padStart(16)).join(""));
  if (failed) process.exitCode = 1;
}
