// The demo shop end to end in headless Chromium: every suite of suites.mjs.
import { e2eSuites } from "./suites.mjs";

e2eSuites("chromium");
