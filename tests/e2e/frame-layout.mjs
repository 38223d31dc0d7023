// The card frame responsive, steady and accessible (issue 21 items 2 and 5), in a real
// browser: the stand-in shop of frame.mjs gives the frame's column 320, 360, 414, 768 and
// 1280 px, in English and Indonesian, and for each, before and after a failed submit (every
// card field refused with one of the package's longer messages), asserts inside the frame
// that nothing scrolls (`scrollWidth <= clientWidth`, and the height), that every input,
// label, message and the key line is inside the viewport and not cut, and that the
// frame's height is the same after the failure as before; then once more with the
// frame's longest warning showing; and every field message of the package's table fits
// the two lines each message keeps. Each state's screenshot of the frame is kept in
// target/e2e-artifacts/frame-layout/<browser>/. axe-core (node_modules/axe-core, run by
// WebDriver's Execute Script in the frame's browsing context, which the frame's CSP does
// not govern) finds no WCAG 2.1 A/AA violation in the frame, light and dark, before and
// after the failure. `frameLayoutTests(name)` is run by each engine's runner (suites.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserVersion } from "../../scripts/webdriver.mjs";
import { pathToFileURL } from "node:url";
import { ARTIFACTS, CLI_BIN, PKG, ROOT, openBrowser } from "./harness.mjs";
import { startProcessor, startShop, toShopPage } from "./frame.mjs";
import { FRAME_CODES } from "../../pkg-template/frame-protocol.js";

// The phones Indonesian shoppers pay on, a tablet, and the widest the issue names.
const WIDTHS = [320, 360, 414, 768, 1280];
/** A card whose every field the frame refuses, each with one of the longer messages of
 * its field (LUHN_FAILED, YEAR_OUT_OF_RANGE, TOO_SHORT, INVALID_NAME or the like). */
const BAD = [["#number", "4242424242424241"], ["#expiry", "12/99"], ["#cvc", "7"], ["#name", "1"]];
const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
// Every field message of the package's table (its codes from the raw wasm exports the
// build keeps in target/pkg-modules/, the texts from the package), in en and id: each must
// fit the two lines a message reserves, at every width.
const wasm = await import(pathToFileURL(join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "pkg-modules/cardseal.js")).href);
wasm.initSync({ module: readFileSync(join(PKG, "cardseal_bg.wasm")) });
const { messages } = await import(pathToFileURL(join(PKG, "node.mjs")).href);
const FIELD_TEXTS = Object.fromEntries(["en", "id"].map((l) => [l, wasm.codes().field.map((c) => messages(l)[c])]));

/** Inside the frame: the messages that need more height than a message keeps while empty. */
function overflowing(texts) {
  const over = [];
  for (const el of document.querySelectorAll(".error")) {
    const was = el.textContent;
    el.textContent = "";
    const reserved = el.getBoundingClientRect().height;
    for (const t of texts) {
      el.textContent = t;
      if (el.getBoundingClientRect().height > reserved + 0.5) over.push(`${el.id}: ${t}`);
    }
    el.textContent = was;
  }
  return over;
}

/** Inside the frame: what scrolls, and what is outside the viewport or cut. */
function geometry() {
  const d = document.documentElement;
  const [w, h] = [d.clientWidth, d.clientHeight];
  const name = (el) => el.id || el.getAttribute("for") || el.className || el.tagName;
  const outside = [];
  const cut = [];
  for (const el of document.querySelectorAll("input, label, .error, #proof, .proof, #warning:not([hidden])")) {
    const r = el.getBoundingClientRect();
    if (r.left < -0.5 || r.top < -0.5 || r.right > w + 0.5 || r.bottom > h + 0.5) outside.push(`${name(el)} ${JSON.stringify(r.toJSON())}`);
    if (el.tagName != "INPUT" && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display != "inline") cut.push(name(el));
  }
  const errors = [...document.querySelectorAll(".error")].filter((e) => e.textContent.trim()).map((e) => e.textContent);
  return { scrollWidth: d.scrollWidth, clientWidth: w, scrollHeight: d.scrollHeight, clientHeight: h, outside, cut, errors, lang: d.lang, hint: document.getElementById("expiry").placeholder };
}

/** axe-core's WCAG 2.1 A and AA rules in this document: the violations, short. */
const axeRun = `${AXE}
return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
  .then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary) })) }));`;

export function frameLayoutTests(name) {
  const label = `${name} ${browserVersion(name).version}`;
  const shots = join(ARTIFACTS, "frame-layout", name);
  let keys, shop, processor, browser;

  const iframe = () => browser.command("POST", "/element", { using: "css selector", value: "iframe" });
  const intoFrame = async () => browser.command("POST", "/frame", { id: await iframe() });
  const toParent = () => toShopPage(browser, name);
  /** The iframe's height once its "resize" messages have settled (the same for 400 ms). */
  async function settledHeight() {
    let last = -1;
    for (let i = 0; i < 40; i++) {
      const h = await browser.execute(() => document.querySelector("iframe").getBoundingClientRect().height);
      if (h === last) return h;
      last = h;
      await new Promise((r) => setTimeout(r, 400));
    }
    throw new Error("the frame's height did not settle");
  }
  async function shot(file) {
    const png = await browser.command("GET", `/element/${Object.values(await iframe())[0]}/screenshot`);
    writeFileSync(join(shots, file), Buffer.from(png, "base64"));
  }
  /** Opens the shop with the frame at `width`; resolves once it is ready and sized. */
  async function open(width, locale, theme) {
    await browser.navigate(`${shop.url}/?width=${width}&locale=${locale}${theme ? `&theme=${theme}` : ""}`);
    await browser.waitFor(() => window.ready === true && parseInt(document.querySelector("iframe").style.height) > 150, { what: "the frame, ready and sized" });
    return settledHeight();
  }
  /** Types the refused card and asks for a seal: resolves with the refusal's fields. */
  async function failSubmit() {
    await intoFrame();
    for (const [f, v] of BAD) await browser.type(f, v);
    await toParent();
    return browser.execute(() => window.fields.seal({}).then(() => null, (e) => e.fields));
  }
  /** Geometry in the frame, asserted; resolves with it. */
  async function check(what) {
    await intoFrame();
    const g = await browser.execute(geometry);
    await toParent();
    assert.ok(g.scrollWidth <= g.clientWidth, `${what}: scrolls sideways: ${JSON.stringify(g)}`);
    assert.ok(g.scrollHeight <= g.clientHeight, `${what}: scrolls down: ${JSON.stringify(g)}`);
    assert.deepEqual(g.outside, [], `${what}: outside the frame's viewport`);
    assert.deepEqual(g.cut, [], `${what}: text cut`);
    return g;
  }

  describe(`the card frame's layout and accessibility in ${label}`, () => {
    before(async () => {
      mkdirSync(shots, { recursive: true });
      keys = mkdtempSync(join(tmpdir(), "cardseal-frame-layout-"));
      execFileSync(CLI_BIN, ["keygen", "--out", keys]);
      shop = await startShop();
      processor = await startProcessor(keys, [shop.url]);
      shop.frameOrigin = processor.url;
      browser = await openBrowser(name);
      // Room for the widest column beside the page's margin.
      await browser.setViewport(1340, 900);
    });
    after(async () => {
      await browser?.close();
      shop?.close();
      processor?.child.kill("SIGTERM");
      if (keys) rmSync(keys, { recursive: true, force: true });
    });

    for (const locale of ["en", "id"]) {
      test(`${label}: 320-1280 px, ${locale}: no scrollbar, nothing outside or cut, the height holds after a failed submit`, async (t) => {
        const heights = [];
        for (const width of WIDTHS) {
          const what = `${width} px, ${locale}`;
          const height = await open(width, locale);
          const g = await check(`${what}, before`);
          assert.deepEqual([g.lang, g.hint], [locale, locale == "id" ? "BB/TT" : "MM/YY"]);
          assert.deepEqual(g.errors, [], `${what}: no message yet`);
          await shot(`${width}-${locale}-before.png`);
          await intoFrame();
          assert.deepEqual(await browser.execute(overflowing, FIELD_TEXTS[locale]), [], `${what}: a field message longer than its two lines`);
          await toParent();
          const fields = await failSubmit();
          assert.deepEqual(Object.keys(fields ?? {}).sort(), ["cvc", "expiry", "name", "number"], `${what}: every field refused`);
          const after = await settledHeight();
          const g2 = await check(`${what}, after a failed submit`);
          assert.equal(g2.errors.length, 4, `${what}: the four messages show: ${JSON.stringify(g2.errors)}`);
          assert.equal(after, height, `${what}: the frame's height changed from ${height} to ${after} px when the messages showed`);
          await shot(`${width}-${locale}-after.png`);
          // The frame's longest warning (it may make the frame taller, never wider).
          await intoFrame();
          await browser.execute((text) => {
            const w = document.getElementById("warning");
            w.textContent = text;
            w.hidden = false;
          }, Object.values(FRAME_CODES[locale]).reduce((a, b) => (b.length > a.length ? b : a)));
          await toParent();
          await settledHeight();
          await check(`${what}, with a warning`);
          await shot(`${width}-${locale}-warning.png`);
          heights.push(`${width}:${height}`);
        }
        t.diagnostic(`${label} ${locale}: frame heights ${heights.join(" ")} (screenshots in ${shots})`);
      });
    }

    test(`${label}: axe-core finds no WCAG 2.1 A/AA violation in the frame, light and dark, before and after a failed submit`, async (t) => {
      const seen = [];
      for (const theme of ["light", "dark"]) {
        for (const locale of ["en", "id"]) {
          await open(414, locale, theme);
          await intoFrame();
          const scheme = await browser.execute(() => [document.documentElement.dataset.scheme, getComputedStyle(document.body).backgroundColor]);
          assert.equal(scheme[0], theme);
          const first = await browser.execute(axeRun);
          await toParent();
          await shot(`axe-${theme}-${locale}-before.png`);
          assert.ok(await failSubmit());
          await intoFrame();
          const then = await browser.execute(axeRun);
          await toParent();
          await shot(`axe-${theme}-${locale}-after.png`);
          for (const [state, r] of [["before", first], ["after", then]]) {
            assert.ok(r.passes > 5, `axe ran (${r.passes} rules passed)`);
            assert.deepEqual(r.violations, [], `${theme}, ${locale}, ${state} a failed submit`);
            seen.push(`${theme}/${locale}/${state}: ${r.passes} passed, bg ${scheme[1]}`);
          }
        }
      }
      t.diagnostic(`${label}: axe ${seen.join("; ")}`);
    });
  });
}
