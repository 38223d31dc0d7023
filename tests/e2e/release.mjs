// The card frame as a processor deploys it (issue 21 item 1): `cardseal frame build`
// turns a frame.toml (a PEM public key, two merchants with different origins) into a
// release directory, and a real nginx (Debian's nginx-light, scripts/setup.sh) serves it
// with the release's own nginx.conf, included in a server block on a free loopback port,
// as the README shows. Three tiny merchant pages, each on its own free loopback port,
// mount frames with cardseal/frame:
// - each merchant's page embeds its own frame, which pays: the JWE it seals opens with
//   the processor's private key (`cardseal open`), sealed for the release's kid;
// - each merchant's page embedding the other's frame, and a third origin embedding
//   either, is refused by `frame-ancestors`: no handshake, and nginx's log shows that the
//   browser fetched the frame page but none of its scripts (the page never ran);
// - a merchant page that is cross-origin isolated (COEP require-corp) still embeds its
//   frame (the frame page's CORP and COEP headers);
// - every header nginx sends is the one the release's `_headers` names for that URL (both
//   written from one table, cardseal_frame::HEADERS), and nothing else is served.
// `releaseTests(name)` is run by chromium.test.mjs and firefox.test.mjs (suites.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserVersion, freePort, listen } from "../../scripts/webdriver.mjs";
import { ARTIFACTS, CLI_BIN, PKG, openBrowser } from "./harness.mjs";

const NGINX = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
const NUMBER = "4242424242424242";
const CVC = "737";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** How long a refused frame is given to handshake anyway (a genuine one takes < 2 s). */
const REFUSED_MS = 3000;

/**
 * nginx with the release's configuration included in a server block on a free loopback
 * port, as the README's server block does (`root` the release, `include` its
 * nginx.conf); pid, logs and temp files in a directory of its own. Resolves with
 * { url, log() (the access log: "URI STATUS" lines), stop() }.
 */
export async function startNginx(release) {
  const dir = mkdtempSync(join(tmpdir(), "cardseal-nginx-"));
  const port = await freePort();
  const conf = `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  log_format uri '$request_uri $status';
  access_log ${dir}/access.log uri;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${release};
    include ${release}/nginx.conf;
  }
}
`;
  writeFileSync(join(dir, "nginx.conf"), conf);
  const args = ["-p", dir, "-e", join(dir, "error.log"), "-c", join(dir, "nginx.conf")];
  execFileSync(NGINX, [...args, "-t"], { stdio: "pipe" });
  const child = spawn(NGINX, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}`);
    try {
      await fetch(url + "/");
      break;
    } catch (e) {
      if (i >= 100) {
        stop();
        throw new Error(`nginx did not answer on ${url}: ${stderr} ${e.message}`);
      }
      await sleep(100);
    }
  }
  const log = () => (existsSync(join(dir, "access.log")) ? readFileSync(join(dir, "access.log"), "utf8") : "");
  return { url, log, stop };
}

/** A merchant's page on a free loopback port: `/?frame=PATH` mounts the frame at
 * `origin() + PATH` with the loader; `&coep=1` serves it cross-origin isolated. */
async function startMerchant(origin) {
  const requests = [];
  const loader = readFileSync(join(PKG, "frame.js"));
  const app = (frameOrigin) => `import { mountCardFields } from "/frame.js";
window.violations = [];
addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective + " " + e.blockedURI));
const fields = window.fields = mountCardFields(document.getElementById("card"), {
  frameUrl: ${JSON.stringify(frameOrigin)} + new URLSearchParams(location.search).get("frame"), timeout: 10000 });
fields.on("error", (e) => (window.errors ??= []).push(e.code));
fields.ready.then((r) => (window.ready = r));
`;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const frameOrigin = origin();
      requests.push(req.url + " " + body);
      const url = new URL(req.url, "http://x");
      const headers = {
        "content-security-policy": `default-src 'self'; script-src 'self'; style-src 'self'; frame-src ${frameOrigin}; ` +
          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; require-trusted-types-for 'script'",
        "cache-control": "no-store",
        ...(url.searchParams.get("coep") ? { "cross-origin-embedder-policy": "require-corp", "cross-origin-opener-policy": "same-origin" } : {}),
      };
      const send = (type, text) => res.writeHead(200, { ...headers, "content-type": type }).end(text);
      if (url.pathname === "/") send("text/html; charset=utf-8", '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>' +
        '<script type="module" src="/app.js"></script></head><body><h1>Shop</h1><div id="card"></div></body></html>');
      else if (url.pathname === "/app.js") send("text/javascript", app(frameOrigin));
      else if (url.pathname === "/frame.js") send("text/javascript", loader);
      else res.writeHead(404).end();
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, requests, close: () => server.close() };
}

/** The `_headers` file: { url: { header: value } }. */
function parseHeaders(text) {
  const rules = {};
  let at = null;
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    if (!line.startsWith(" ")) rules[(at = line.trim())] = {};
    else {
      const i = line.indexOf(":");
      rules[at][line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
  }
  return rules;
}

export function releaseTests(name) {
  const label = `${name} ${browserVersion(name).version}`;
  let dir, built, nginx, shops, browser;

  /** Opens `shop`'s page mounting the frame at `path`; resolves with { ready, errors,
   * log } once it handshook or after REFUSED_MS (`log`: nginx's lines for this load). */
  async function mount(shop, path, { coep = false, expectReady = true } = {}) {
    const seen = nginx.log().length;
    await browser.navigate(`${shop.url}/?frame=${encodeURIComponent(path)}${coep ? "&coep=1" : ""}`);
    if (expectReady) await browser.waitFor(() => window.ready !== undefined, { what: `the handshake of ${path}`, timeout: 15000 });
    else await sleep(REFUSED_MS);
    const state = await browser.execute(() => ({ ready: window.ready ?? null, errors: window.errors ?? [], violations: window.violations }));
    return { ...state, log: nginx.log().slice(seen) };
  }

  describe(`the frame release served by nginx in ${label}`, () => {
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "cardseal-release-"));
      // nginx's workers (a user of their own when the tests run as root) read the release.
      chmodSync(dir, 0o755);
      execFileSync(CLI_BIN, ["keygen", "--out", join(dir, "keys")]);
      // The merchants' origins exist before the release names them; their pages learn the
      // frame's origin (nginx's port) once nginx is up.
      shops = {};
      for (const id of ["a", "b", "c"]) shops[id] = await startMerchant(() => nginx.url);
      writeFileSync(join(dir, "frame.toml"), `holder = "Pay Example"
locale = "id"
package = ${JSON.stringify(PKG)}

[key]
file = "keys/public.pem"

[[merchant]]
id = "shop-a"
origins = [${JSON.stringify(shops.a.url)}]

[[merchant]]
id = "shop-b"
origins = [${JSON.stringify(shops.b.url)}]
`);
      built = JSON.parse(execFileSync(CLI_BIN, ["frame", "build", "--config", join(dir, "frame.toml"), "--out", join(dir, "dist")]).toString());
      nginx = await startNginx(join(dir, "dist"));
      browser = await openBrowser(name);
    });
    after(async () => {
      await browser?.close();
      nginx?.stop();
      for (const s of Object.values(shops ?? {})) s.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test(`${label}: nginx sends every header the release names, for every file, and serves nothing else`, async () => {
      assert.deepEqual(built.frames, { "shop-a": "/frame/shop-a/", "shop-b": "/frame/shop-b/" });
      const rules = parseHeaders(readFileSync(join(dir, "dist/_headers"), "utf8"));
      assert.ok(Object.keys(rules).length >= 8, JSON.stringify(Object.keys(rules)));
      for (const [url, headers] of Object.entries(rules)) {
        const res = await fetch(nginx.url + url);
        assert.equal(res.status, 200, url);
        for (const [h, v] of Object.entries(headers)) assert.equal(res.headers.get(h), v, `${url} ${h}`);
        assert.equal(res.headers.get("set-cookie"), null);
      }
      // Each merchant's frame is embeddable by its own origins only.
      for (const [id, shop] of [["shop-a", shops.a], ["shop-b", shops.b]])
        assert.match(rules[`/frame/${id}/`]["content-security-policy"], new RegExp(`frame-ancestors ${shop.url};`));
      const types = { "/frame/shop-a/": "text/html; charset=utf-8", "/pkg/cardseal_bg.wasm": "application/wasm", "/pkg/index.js": "text/javascript", "/key": "text/html; charset=utf-8" };
      for (const [url, type] of Object.entries(types)) assert.equal((await fetch(nginx.url + url)).headers.get("content-type"), type, url);
      for (const url of ["/nginx.conf", "/_headers", "/frame/", "/frame/shop-c/", "/frame/shop-a", "/", "/frame/index.html"])
        assert.equal((await fetch(nginx.url + url)).status, 404, url);
      // The default locale (before the page's hello names one) and the key, baked in.
      const page = await (await fetch(nginx.url + "/frame/shop-a/")).text();
      assert.ok(page.includes('<meta name="cardseal-locale" content="id">') && page.includes(`content="${shops.a.url}"`), page);
      // The JWKS publishes the PEM key as a JWK, named by the kid the build printed.
      const jwks = await (await fetch(nginx.url + "/.well-known/jwks.json")).json();
      assert.deepEqual(jwks.keys.map((k) => k.kid), [built.kid]);
    });

    for (const [id, other] of [["a", "b"], ["b", "a"]]) {
      test(`${label}: merchant ${id}'s page pays through its own frame; merchant ${other}'s page cannot embed it`, async () => {
        const path = `/frame/shop-${id}/`;
        const own = await mount(shops[id], path);
        assert.deepEqual([own.ready.kid, own.ready.holder, own.errors, own.violations], [built.kid, "Pay Example", [], []]);
        const frame = await browser.command("POST", "/element", { using: "css selector", value: "iframe" });
        await browser.command("POST", "/frame", { id: frame });
        // The holder and the key, baked into the page: the key line.
        assert.equal(await browser.text("#proof"), `Sealed for Pay Example · key ${built.kid.slice(0, 8)}`);
        for (const [f, v] of [["#number", NUMBER], ["#expiry", "1234"], ["#cvc", CVC], ["#name", "Budi Santoso"]]) await browser.type(f, v);
        await browser.command("POST", "/frame/parent", {});
        await browser.screenshot(join(ARTIFACTS, `release-shop-${id}-${name}.png`));
        const sealed = await browser.execute(() => window.fields.seal({ email: "budi@example.com" }));
        assert.equal(JSON.parse(Buffer.from(sealed.jwe.split(".")[0], "base64url")).kid, built.kid);
        // The processor opens it with its private key.
        const opened = JSON.parse(execFileSync(CLI_BIN, ["open", "--key", join(dir, "keys/private.pem")], { input: sealed.jwe + "\n" }).toString());
        assert.deepEqual([opened.ok, opened.kid, opened.fields.number, opened.fields.cvc, opened.fields.email],
          [true, built.kid, NUMBER, CVC, "budi@example.com"]);
        assert.ok(own.log.includes(`${path} 200`) && own.log.includes("/frame/frame.js 200") && own.log.includes("/pkg/cardseal_bg.wasm 200"), own.log);
        // The merchant's server saw no card data.
        assert.ok(!shops[id].requests.join("\n").includes(NUMBER));

        // The other merchant's page, embedding this frame: refused by frame-ancestors.
        const refused = await mount(shops[other], path, { expectReady: false });
        assert.equal(refused.ready, null, "no handshake");
        assert.ok(refused.log.includes(`${path} 200`), `the browser fetched the frame page: ${refused.log}`);
        assert.ok(!/\/frame\/frame\.js|\/pkg\//.test(refused.log), `the refused page ran nothing: ${refused.log}`);
        assert.equal(await browser.execute(() => window.fields.seal({}).then(() => "sealed", (e) => e.code)), "not_ready");
        await browser.screenshot(join(ARTIFACTS, `release-refused-shop-${other}-frame-${id}-${name}.png`));
      });
    }

    test(`${label}: a third origin embeds neither merchant's frame`, async () => {
      for (const path of ["/frame/shop-a/", "/frame/shop-b/"]) {
        const refused = await mount(shops.c, path, { expectReady: false });
        assert.equal(refused.ready, null, path);
        assert.ok(refused.log.includes(`${path} 200`) && !/\/frame\/frame\.js|\/pkg\//.test(refused.log), refused.log);
      }
    });

    test(`${label}: a merchant page that is cross-origin isolated (COEP require-corp) still embeds its frame`, async () => {
      const isolated = await mount(shops.a, "/frame/shop-a/", { coep: true });
      assert.equal(isolated.ready.kid, built.kid);
      assert.equal(await browser.execute(() => crossOriginIsolated), true);
      assert.deepEqual(isolated.violations, []);
    });
  });
}
