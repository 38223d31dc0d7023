// The end-to-end suites, listed once: chromium.test.mjs, firefox.test.mjs and
// webkit.test.mjs each run all of them in their own browser, each file in its own process,
// side by side (two at a time).
import { checkoutTests } from "./checkout.mjs";
import { demoFrameTests, frameTests } from "./frame.mjs";
import { frameLayoutTests } from "./frame-layout.mjs";
import { layoutTests } from "./layout.mjs";
import { pinTests } from "./pins.mjs";
import { releaseTests } from "./release.mjs";
import { tamperTests } from "./tamper.mjs";

/** Registers every suite for `browser` (`chromium`, `firefox` or `webkit`). */
export function e2eSuites(browser) {
  checkoutTests(browser);
  layoutTests(browser);
  frameTests(browser);
  demoFrameTests(browser);
  frameLayoutTests(browser);
  tamperTests(browser);
  pinTests(browser);
  releaseTests(browser);
}
