// The demo shop end to end in headless Firefox ESR (the suite is checkout.mjs).
import { checkoutTests } from "./checkout.mjs";
import { demoFrameTests, frameTests } from "./frame.mjs";
import { layoutTests } from "./layout.mjs";
import { pinTests } from "./pins.mjs";
import { tamperTests } from "./tamper.mjs";

checkoutTests("firefox");
layoutTests("firefox");
frameTests("firefox");
demoFrameTests("firefox");
tamperTests("firefox");
pinTests("firefox");
