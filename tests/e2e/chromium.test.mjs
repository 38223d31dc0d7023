// The demo shop end to end in headless Chromium (the suite is checkout.mjs).
import { checkoutTests } from "./checkout.mjs";

checkoutTests("chromium");
