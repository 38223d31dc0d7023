// What the browser did, recorded outside the browser, the same way in every browser.
//
// WebDriver has no request interception and no console or CSP events, so the browser
// loads the shop through a small recording proxy on another free port, and the proxy
// records every request (method, URL, body) and the status it got. The proxy also puts
// one test-only script first in each HTML page's <head>: /__e2e/recorder.js, served by the
// proxy from the page's own origin, so the shop's strict CSP (script-src 'self') lets it
// run unchanged; a classic script there runs before the page's module scripts. It reports
// CSP violations, uncaught errors and rejections, resources that failed to load and
// console.error calls to the proxy (/__e2e/event, same origin), so what happened on a
// page survives the navigation that replaces it. www/ is not touched; the shop itself
// (its CSP header, its HTML) is checked directly, not through the proxy.
//
// For the tamper suite (tamper.mjs) the proxy can also rewrite what it passes on
// (`setRewrite`), the way an attacker between the browser and the server would, and a
// tampered module reports that it ran with the kind "ran" (`rec.ran`).
import { createServer, request as httpRequest } from "node:http";
import { listen } from "../../scripts/webdriver.mjs";

const HOOK = "/__e2e/";
const SCRIPT_TAG = `<script src="${HOOK}recorder.js"></script>`;

// Runs in the page (served as text, never in Node). Each report is a keepalive fetch, so
// it is sent even when the page is going away; `__e2e.settled()` waits for those in
// flight, so a test reads the record only once the page has said everything.
function recorderInPage() {
  const pending = new Set();
  const report = (kind, text) => {
    const sent = fetch("/__e2e/event", {
      method: "POST", keepalive: true, body: JSON.stringify({ kind, text: String(text) }),
    }).catch(() => {});
    pending.add(sent);
    sent.finally(() => pending.delete(sent));
  };
  window.__e2e = { settled: () => Promise.all([...pending]).then(() => true) };
  document.addEventListener("securitypolicyviolation", (e) =>
    report("violation", `${e.violatedDirective} ${e.blockedURI}`));
  // Capture phase: a resource's load error does not bubble, but is captured at window.
  window.addEventListener("error", (e) => {
    if (e instanceof ErrorEvent) report("error", `${e.message} (${e.filename}:${e.lineno}:${e.colno})`);
    else report("error", `failed to load ${e.target?.src ?? e.target?.href ?? e.target?.localName}`);
  }, true);
  window.addEventListener("unhandledrejection", (e) =>
    report("error", `unhandled rejection: ${e.reason} ${e.reason?.stack ?? ""}`.trim()));
  const consoleError = console.error;
  console.error = function (...args) {
    report("error", args.map(String).join(" "));
    return consoleError.apply(this, args);
  };
}
const RECORDER_JS = `(${recorderInPage})();\n`;

/** A fresh record: what one page (and the pages it navigates to) did. */
const newRecord = () => ({ requests: [], errors: [], violations: [], ran: [] });

function readBody(stream) {
  return new Promise((ok, fail) => {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => ok(Buffer.concat(chunks)));
    stream.on("error", fail);
  });
}

// Headers that describe one connection or one body's framing, not the message.
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);
const endToEnd = (headers) => Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP.has(k)));

/** Forwards one request to `target` (host:port); resolves with { status, headers, body }. */
function forward(target, req, body) {
  const [hostname, port] = target.split(":");
  return new Promise((ok, fail) => {
    const up = httpRequest({ hostname, port, path: req.url, method: req.method, headers: endToEnd(req.headers) }, (res) =>
      readBody(res).then((b) => ok({ status: res.statusCode, headers: res.headers, body: b }), fail));
    up.on("error", fail);
    up.end(body);
  });
}

/** The recorder script as the first thing in an HTML page's <head>. */
function withRecorder(html) {
  const head = /<head\b[^>]*>/i.exec(html);
  return head
    ? html.slice(0, head.index + head[0].length) + SCRIPT_TAG + html.slice(head.index + head[0].length)
    : SCRIPT_TAG + html;
}

/** Answers the proxy's own two URLs (the script and the reports); false for any other. */
function serveHook(req, res, body, rec) {
  if (req.url === `${HOOK}recorder.js` && req.method === "GET") {
    res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" }).end(RECORDER_JS);
    return true;
  }
  if (req.url === `${HOOK}event` && req.method === "POST") {
    const { kind, text } = JSON.parse(body.toString("utf8"));
    (kind === "violation" ? rec.violations : kind === "ran" ? rec.ran : rec.errors).push(text);
    res.writeHead(204).end();
    return true;
  }
  return false;
}

/**
 * Starts the recording proxy in front of `target` (the shop's host:port). Resolves with
 * { url, record(), close() }: `record()` starts a fresh record, which the proxy fills from
 * then on: `requests` [{ url, path, method, body, status }], `errors` (reported errors,
 * and 4xx/5xx answers other than the shop's own refusal pages at /checkout),
 * `violations` ("directive blocked-uri") and `ran` (what tampered modules reported).
 * `setRewrite(fn)` changes answers from then on: `fn({ path, type, body })` gives the
 * body to pass on instead (a Buffer), or undefined to pass it unchanged.
 */
export async function startRecordingProxy(target) {
  let rec = newRecord();
  let rewrite = () => undefined;
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (req.url.startsWith(HOOK) && serveHook(req, res, body, rec)) return;
      const entry = { url: url + req.url, path: new URL(req.url, url).pathname, method: req.method, body: body.toString("utf8"), status: null };
      rec.requests.push(entry);
      const answer = await forward(target, req, body);
      entry.status = answer.status;
      if (answer.status >= 400 && entry.path !== "/checkout") rec.errors.push(`${answer.status} ${entry.url}`);
      const type = answer.headers["content-type"] ?? "";
      const passed = rewrite({ path: entry.path, type, body: answer.body }) ?? answer.body;
      const html = /^text\/html\b/.test(type);
      const out = html ? Buffer.from(withRecorder(passed.toString("utf8"))) : passed;
      res.writeHead(answer.status, { ...endToEnd(answer.headers), "content-length": out.length }).end(out);
    } catch (e) {
      rec.errors.push(`the e2e proxy failed on ${req.method} ${req.url}: ${e.message}`);
      res.destroy();
    }
  });
  const url = `http://127.0.0.1:${await listen(server)}`;
  return {
    url,
    record: () => (rec = newRecord()),
    setRewrite: (fn) => (rewrite = fn ?? (() => undefined)),
    close: () => {
      server.closeAllConnections?.();
      server.close();
    },
  };
}
