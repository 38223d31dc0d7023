// The end-to-end suites, listed once: chromium.test.mjs and firefox.test.mjs each run all
// of them in their own browser, each file in its own process, side by side.
import { checkoutTests } from "./checkout.mjs";
import { demoFrameTests, frameTests } from "./frame.mjs";
import { inpageTests } from "./inpage.mjs";
import { layoutTests } from "./layout.mjs";
import { pinTests } from "./pins.mjs";
import { tamperTests } from "./tamper.mjs";

/** Registers every suite for `browser` (`chromium` or `firefox`). */
export function e2eSuites(browser) {
  checkoutTests(browser);
  layoutTests(browser);
  inpageTests(browser);
  frameTests(browser);
  demoFrameTests(browser);
  tamperTests(browser);
  pinTests(browser);
}
