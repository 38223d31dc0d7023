// A static server for the minimal demo: www/ at /, pkg/ at /pkg/, and the demo PUBLIC key
// at /demo-public.pem. Loopback only. Never serves .demo/private.pem.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, join } from "node:path";

const port = Number(process.argv[2] || 8080);
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
  ".json": "application/json", ".css": "text/css", ".pem": "text/plain; charset=utf-8" };
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; require-trusted-types-for 'script'";

createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (path === "/favicon.ico") return res.writeHead(204).end();
  let file;
  if (path === "/demo-public.pem") file = ".demo/public.pem";
  else if (path.startsWith("/pkg/")) file = join("pkg", path.slice(5));
  else file = join("www", path === "/" ? "index.html" : path.slice(1));
  if (path.includes("..")) file = null;
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream", "content-security-policy": csp });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  }
}).listen(port, "127.0.0.1", () => console.log(`cardseal demo: http://127.0.0.1:${port}/  (Ctrl-C stops it)`));
