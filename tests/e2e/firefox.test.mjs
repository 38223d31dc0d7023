// The demo shop end to end in headless Firefox ESR: every suite of suites.mjs.
import { e2eSuites } from "./suites.mjs";

e2eSuites("firefox");
