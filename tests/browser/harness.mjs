// A tiny in-page test harness: `test(name, fn)` registers, `run(suite)` runs the tests in
// order, each with a clean page and a time limit, and publishes the results on
// `window.__cardseal` (polled by scripts/browser-test.mjs) and in the page.
// Assertions throw an AssertionError saying what was expected and what was found.

const tests = [];
const TEST_TIMEOUT_MS = 15_000;

/** A figure the running test reports beside its result (printed by the runner). */
let currentNote = null;
export function note(text) {
  currentNote = String(text);
}

/** Registers a test. `fn` may be async. */
export function test(name, fn) {
  tests.push({ name, fn });
}

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

const show = (v) => {
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v.length > 300 ? v.slice(0, 300) + "…" : v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};
const where = (what) => (what ? `${what}: ` : "");

export function fail(message) {
  throw new AssertionError(message);
}

/** `actual` is `expected` (Object.is). */
export function eq(actual, expected, what) {
  if (!Object.is(actual, expected)) fail(`${where(what)}expected ${show(expected)}, got ${show(actual)}`);
}

/** `actual` is not `unexpected`. */
export function ne(actual, unexpected, what) {
  if (Object.is(actual, unexpected)) fail(`${where(what)}expected anything but ${show(unexpected)}`);
}

/** Same JSON. */
export function deepEq(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    fail(`${where(what)}expected ${show(expected)}, got ${show(actual)}`);
}

export function ok(cond, what) {
  if (!cond) fail(what || "assertion failed");
}

/** The string `haystack` contains `needle`. */
export function includes(haystack, needle, what) {
  if (typeof haystack !== "string" || !haystack.includes(needle))
    fail(`${where(what)}expected ${show(haystack)} to contain ${show(needle)}`);
}

/** The string `haystack` does not contain `needle`. */
export function excludes(haystack, needle, what) {
  if (typeof haystack !== "string" || haystack.includes(needle))
    fail(`${where(what)}expected ${show(haystack)} not to contain ${show(needle)}`);
}

/** Removes what the tests put in the page (forms are built inside `.cardseal-test`). */
export function cleanup() {
  document.querySelectorAll(".cardseal-test").forEach((e) => e.remove());
}

// Errors thrown by event listeners (the binding's own included) are reported to the
// window, not to whoever dispatched the event: they fail the running test.
let uncaught = [];
addEventListener("error", (e) => {
  if (e instanceof ErrorEvent) uncaught.push(e.error?.stack || e.message);
});
addEventListener("unhandledrejection", (e) => uncaught.push(`unhandled rejection: ${e.reason?.stack || e.reason}`));

function render(r) {
  const li = document.createElement("li");
  li.textContent = `${r.ok ? "ok" : "FAIL"} ${r.name} (${r.ms} ms)${r.ok ? "" : ": " + r.error}`;
  document.getElementById("results")?.appendChild(li);
}

/** Runs the registered tests in order; resolves when all are done. */
export async function run(suite) {
  const state = window.__cardseal;
  state.suite = suite;
  state.state = "running";
  state.total = tests.length;
  for (const { name, fn } of tests) {
    cleanup();
    uncaught = [];
    currentNote = null;
    const t0 = performance.now();
    let timer;
    let error = null;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
        }),
      ]);
      // Let listeners queued by the last events run before judging.
      await new Promise((r) => setTimeout(r, 0));
      if (uncaught.length) throw new Error(`uncaught error in an event listener: ${uncaught[0]}`);
    } catch (e) {
      error = e instanceof AssertionError ? e.message : `${e?.stack || e}`;
    } finally {
      clearTimeout(timer);
      cleanup();
    }
    const r = { name, ok: error === null, ms: Math.round(performance.now() - t0), error, note: currentNote };
    state.results.push(r);
    render(r);
  }
  state.state = "done";
}
