// The plain-HTML example's server: serves index.html under the strict CSP, with the
// import map, modulepreload and preload tags filled in from cardseal's integrity.json,
// the package's files under /cardseal/, and POST /checkout, which is where your shop
// would pass the JWE on to the processor (here it shows what the shop received).
//   MERCHANT_PUBLIC_KEY="$(cat key.pem)" node server.mjs   →  http://127.0.0.1:8000
import { createHash, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const sha = (alg, bytes) => `${alg}-${createHash(alg).update(bytes).digest("base64")}`;
const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The key's RFC 7638 thumbprint, the kid checkout.js pins (what `cardseal key-info` and
 * the package's keyInfo(key).kid give); "" for a text that is no public key. */
function thumbprint(key) {
  try {
    const { e, n } = createPublicKey(key).export({ format: "jwk" });
    return createHash("sha256").update(JSON.stringify({ e, kty: "RSA", n })).digest("base64url");
  } catch {
    return "";
  }
}

/** A request handler. `pkg` is the cardseal package's folder; `files` may replace the
 * bytes of its files (the tests serve tampered copies); `received` gets each checkout. */
export function handler({ key, pkg, files = {}, received = () => {} }) {
  const packaged = (name) => files[name] ?? readFileSync(join(pkg, name));
  const integrity = JSON.parse(readFileSync(join(pkg, "integrity.json"), "utf8"));
  const checkout = readFileSync(join(here, "checkout.js"), "utf8").replace("{{kid}}", thumbprint(key));
  // The import map maps "cardseal" to the package and pins its hash: a module that
  // another module imports is checked only through it (a modulepreload's integrity is
  // not enough: Chromium fetches the module again, unchecked, for the import).
  const importmap = JSON.stringify({
    imports: { cardseal: "/cardseal/index.js" },
    integrity: { "/cardseal/index.js": integrity["index.js"] },
  });
  // 'wasm-unsafe-eval' lets the page compile WebAssembly, and nothing else; the import
  // map is an inline script, allowed by its hash.
  const csp = `default-src 'none'; script-src 'self' 'wasm-unsafe-eval' '${sha("sha256", importmap)}'; ` +
    "style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  const page = readFileSync(join(here, "index.html"), "utf8")
    .replace("{{importmap}}", importmap)
    .replace("{{sri:index.js}}", integrity["index.js"])
    .replace("{{sri:cardseal_bg.wasm}}", integrity["cardseal_bg.wasm"])
    .replace("{{sri:checkout.js}}", sha("sha384", checkout))
    .replace("{{key}}", escape(key));
  const routes = {
    "/": ["text/html; charset=utf-8", () => page],
    "/checkout.js": ["text/javascript", () => checkout],
    "/checkout.css": ["text/css", () => readFileSync(join(here, "checkout.css"))],
    "/cardseal/index.js": ["text/javascript", () => packaged("index.js")],
    "/cardseal/cardseal_bg.wasm": ["application/wasm", () => packaged("cardseal_bg.wasm")],
  };
  return (req, res) => {
    const headers = { "content-security-policy": csp, "cache-control": "no-store" };
    const path = new URL(req.url, "http://x").pathname;
    if (req.method === "POST" && path === "/checkout") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        received(form);
        res.writeHead(200, { ...headers, "content-type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><title>Received</title><p>The shop received: <pre id="received">${escape(JSON.stringify(form, null, 2))}</pre>`);
      });
      return;
    }
    const route = routes[path];
    if (!route) return res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, "content-type": route[0] }).end(route[1]());
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = dirname(fileURLToPath(import.meta.resolve("cardseal/package.json")));
  const port = Number(process.env.PORT ?? 8000);
  createServer(handler({ key: process.env.MERCHANT_PUBLIC_KEY ?? "", pkg }))
    .listen(port, "127.0.0.1", () => console.log(`http://127.0.0.1:${port}`));
}
