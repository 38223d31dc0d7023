// Where the time goes, by function name: a CPU profile (V8's sampling profiler, through
// node:inspector) of the package's wasm with its names kept, for the cold start and for a
// seal. Prints the top entries by self time; asserts nothing. Run after `make pkg`:
//   node scripts/bench-profile.mjs [--top N] [--cold N] [--seals N] [--wasm FILE]
// It takes the release wasm cargo left (target/wasm32-unknown-unknown/release/cardseal.wasm,
// which keeps its name section; `make pkg-control` builds another one there), or FILE,
// runs wasm-bindgen --target nodejs --keep-debug and the package's wasm-opt passes with -g
// (names kept) into a temporary folder, then profiles fresh Node processes:
//   - cold: compile + instantiate (from bytes, synchronously) + key import + first seal,
//     once per process, N processes (default 20), sampled every 20 µs, merged (the
//     reading of the .wasm file is in it, as Node's glue reads it at require time);
//   - seal: 1,500 whole-form seals after 200 for warm-up, sampled every 100 µs.
// Calls go the way the package entry makes them: deferWipe() (where the build has it), the
// export, wipeStack().
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const TOP = Number(arg("top", 15));
const COLD = Number(arg("cold", 20));
const SEALS = Number(arg("seals", 1500));

const dir = mkdtempSync(join(tmpdir(), "cardseal-profile-"));
try {
  const wasm = arg("wasm", join(root, "target/wasm32-unknown-unknown/release/cardseal.wasm"));
  execFileSync("wasm-bindgen", [wasm, "--target", "nodejs", "--keep-debug", "--out-dir", dir, "--out-name", "cardseal"]);
  const bg = join(dir, "cardseal_bg.wasm");
  // The package's passes (scripts/wasm-opt.flags, as scripts/build-pkg.sh runs them).
  const passes = readFileSync(join(root, "scripts/wasm-opt.flags"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  execFileSync(join(root, "node_modules/.bin/wasm-opt"), [bg, "-g", "-o", bg, ...passes, "--strip-dwarf"]);
  // The nodejs glue instantiates at require time; the cold run times that too. The
  // profiler (node:inspector, on this thread, so post() answers synchronously) runs only
  // around the measured part, not Node's own start-up.
  const prologue = (interval) => `
    const { Session } = require("node:inspector");
    const fs = require("node:fs");
    const session = new Session();
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.setSamplingInterval", { interval: ${interval} });
    const stop = () => session.post("Profiler.stop", (e, r) => fs.writeFileSync(process.argv[2], JSON.stringify(r.profile)));
    const pem = fs.readFileSync(${JSON.stringify(join(root, "tests/keys/rsa2048-spki.pem"))}, "utf8");
    const CARD = { number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" };`;
  const glue = JSON.stringify(join(dir, "cardseal.js"));
  writeFileSync(join(dir, "cold.cjs"), `${prologue(20)}
    session.post("Profiler.start");
    const t0 = performance.now();
    const c = require(${glue});
    const call = (f) => { c.deferWipe?.(); try { return f(); } finally { c.wipeStack(); } };
    const sealer = call(() => new c.CardSeal(pem, {}));
    call(() => sealer.seal(CARD));
    const ms = performance.now() - t0;
    stop();
    console.log(ms.toFixed(2));`);
  writeFileSync(join(dir, "seal.cjs"), `${prologue(100)}
    const c = require(${glue});
    const call = (f) => { c.deferWipe?.(); try { return f(); } finally { c.wipeStack(); } };
    const sealer = call(() => new c.CardSeal(pem, {}));
    for (let i = 0; i < 200; i++) call(() => sealer.seal(CARD));
    session.post("Profiler.start");
    const s = performance.now();
    for (let i = 0; i < ${SEALS}; i++) call(() => sealer.seal(CARD));
    const ms = (performance.now() - s) / ${SEALS};
    stop();
    console.log(ms.toFixed(3));`);

  const profile = (script, runs) => {
    const times = [];
    const self = new Map();
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const out = join(dir, `${script}-${i}.cpuprofile`);
      times.push(Number(execFileSync(process.execPath, [join(dir, script), out], { encoding: "utf8" }).trim()));
      // Self time by function name, merged over the runs.
      const p = JSON.parse(readFileSync(out, "utf8"));
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      for (let k = 0; k < p.samples.length; k++) {
        const n = byId.get(p.samples[k]);
        const dt = p.timeDeltas[k] ?? 0;
        const name = n.callFrame.functionName || `(${n.callFrame.url.split("/").pop() || "program"})`;
        self.set(name, (self.get(name) ?? 0) + dt);
        total += dt;
      }
    }
    return { times: times.sort((a, b) => a - b), self: [...self].sort((a, b) => b[1] - a[1]), total };
  };
  const show = (title, { times, self, total }) => {
    console.log(`\n${title}: ${times.length} run(s), median ${times[times.length >> 1]} ms; self time, top ${TOP}:`);
    for (const [name, us] of self.slice(0, TOP)) {
      console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000 / times.length).toFixed(3).padStart(8)} ms/run  ${name.slice(0, 110)}`);
    }
  };
  console.log(`node ${process.version}; ${wasm} (names kept)`);
  show("cold start (require: compile + instantiate; key import; first seal)", profile("cold.cjs", COLD));
  show(`seal (ms per seal; ${SEALS} seals after 200)`, profile("seal.cjs", 1));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
