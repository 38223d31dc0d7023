// The demo shop end to end in WebKitGTK (Safari's engine; MiniBrowser under Xvfb): every
// suite of suites.mjs.
import { e2eSuites } from "./suites.mjs";

e2eSuites("webkit");
