// Importing the package must touch no window or document (SSR-safe): make them throw.
import { test } from "node:test";
import assert from "node:assert/strict";

test("import touches no window or document", async () => {
  for (const name of ["window", "document", "self", "navigator", "location"]) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() { throw new Error(`touched ${name} on import`); },
    });
  }
  const mod = await import("../../pkg/index.js");
  assert.equal(typeof mod.CardSeal, "function");
  assert.equal(typeof mod.initSync, "function");
  assert.equal(typeof mod.default, "function");
});
