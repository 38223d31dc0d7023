// The demo shop end to end in headless Chromium (the suite is checkout.mjs).
import { checkoutTests } from "./checkout.mjs";
import { demoFrameTests, frameTests } from "./frame.mjs";
import { layoutTests } from "./layout.mjs";
import { pinTests } from "./pins.mjs";
import { tamperTests } from "./tamper.mjs";

checkoutTests("chromium");
layoutTests("chromium");
frameTests("chromium");
demoFrameTests("chromium");
tamperTests("chromium");
pinTests("chromium");
