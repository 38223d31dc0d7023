// No layout shift (issue 13 part 6): a field's message appearing on blur must not move
// the Pay button, or the shopper's first click on Pay lands where the button was and is
// lost. The demo's message elements (its own, named by aria-describedby) keep one line's
// height while empty (www/style.css). `layoutTests(name)` is run by chromium.test.mjs and
// firefox.test.mjs beside the checkout suite.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { browserVersion } from "../../scripts/webdriver.mjs";
import { openBrowser, openPage, startDemo } from "./harness.mjs";

const TAB = "\uE004";

/** Where the Pay button is in the page (not the viewport: scrolling is not a shift). */
const payTop = (page) => page.execute(() => document.getElementById("pay").getBoundingClientRect().top + scrollY);

export function layoutTests(name) {
  const label = `${name} ${browserVersion(name).version}`;
  let demo;
  let browser;

  describe(`the demo's layout in ${label}`, () => {
    before(async () => {
      const [d, b] = await Promise.allSettled([startDemo(), openBrowser(name)]);
      [demo, browser] = [d.value, b.value];
      for (const r of [d, b]) if (r.status === "rejected") throw r.reason;
    });
    after(async () => {
      await browser?.close();
      await demo?.close();
    });

    for (const lang of ["en", "id"]) {
      test(`${label}: the Pay button does not move when a field's error appears (${lang})`, async () => {
        const { page } = await openPage(demo, browser, { lang });
        const top = await payTop(page);
        for (const [field, typed] of [["#number", "4242 4242 4242 4241"], ["#email", "budi@"], ["#name", "1"]]) {
          await page.type(field, typed + TAB);
          const error = `${field.slice(1)}-error`;
          await page.waitFor((id) => document.getElementById(id).textContent.trim() !== "",
            { what: `the message of ${field}` }, error);
          assert.equal(await page.attribute(field, "aria-invalid"), "true", field);
          const moved = (await payTop(page)) - top;
          assert.ok(Math.abs(moved) < 0.5, `Pay moved by ${moved} px when the message of ${field} appeared`);
        }
      });
    }
  });
}
