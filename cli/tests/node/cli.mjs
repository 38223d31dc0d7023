// Runs the `cardseal` CLI (the cli/ crate). `make test-open` builds it and passes its
// path in CARDSEAL_BIN; run alone, this builds it with cargo first.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../../", import.meta.url));

function binary() {
  if (process.env.CARDSEAL_BIN) return process.env.CARDSEAL_BIN;
  execFileSync("cargo", ["build", "--quiet", "-p", "cardseal-cli", "--bin", "cardseal"], {
    cwd: root,
    stdio: "inherit",
  });
  const target = process.env.CARGO_TARGET_DIR ?? `${root}target`;
  return `${target}/debug/cardseal`;
}

export const bin = binary();
export const keyPath = (name) => `${root}tests/keys/${name}`;

/** Runs the CLI; returns { status, lines (parsed JSON of stdout), stderr }. */
export function cli(args, input = "") {
  // The repository's test keys are checked out readable by every user, which `open`
  // refuses without this flag.
  if (args[0] === "open") args = ["open", "--allow-world-readable-key", ...args.slice(1)];
  const r = spawnSync(bin, args, { input, encoding: "utf8" });
  if (r.error) throw r.error;
  const lines = r.stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  return { status: r.status, lines, stderr: r.stderr };
}

/** A cardseal v1 protected header, as the browser writes it. */
export function cardsealHeader(kid, iat = Math.floor(Date.now() / 1000)) {
  return {
    alg: "RSA-OAEP-256",
    enc: "A256GCM",
    kid,
    cty: "cardseal+json",
    iat,
    jti: randomBytes(16).toString("base64url"),
  };
}
