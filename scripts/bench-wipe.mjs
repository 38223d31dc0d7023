// What a wipe of only the stack a call used would cost, against the wipe the package does
// (one memory.fill of the whole 64 KiB shadow stack). The stack is zero at rest, so the
// used part is everything above the lowest non-zero byte; nothing records that depth, so
// it has to be found by reading the stack from its bottom up. This times, in a module of
// its own (binaryen's wasm-as from node_modules), the fill of 64 KiB against a scan for
// the lowest non-zero 8-byte word (and 16-byte, SIMD) followed by a fill of what is above
// it, for the depths tests/node/stack.test.mjs measures: a keystroke (632 B), a seal
// (3,300 B), an 8192-bit key import (27,040 B). Medians of 15 batches of 2,000, µs, the
// empty loop subtracted. Prints figures, asserts none:
//   node scripts/bench-wipe.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const wat = `(module
  (memory (export "memory") 2)
  (func (export "fill") (param $n i32)
    (memory.fill (i32.const 0) (i32.const 0) (local.get $n)))
  (func (export "scan8") (param $n i32) (result i32) (local $p i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $n)))
      (br_if $done (i64.ne (i64.load (local.get $p)) (i64.const 0)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $next)))
    (local.get $p))
  (func (export "scan16") (param $n i32) (result i32) (local $p i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $n)))
      (br_if $done (v128.any_true (v128.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $next)))
    (local.get $p))
  (func (export "fillFrom") (param $p i32) (param $n i32)
    (memory.fill (local.get $p) (i32.const 0) (i32.sub (local.get $n) (local.get $p)))))`;

const dir = mkdtempSync(join(tmpdir(), "cardseal-wipe-"));
try {
  writeFileSync(join(dir, "wipe.wat"), wat);
  const wasmAs = new URL("../node_modules/.bin/wasm-as", import.meta.url).pathname;
  execFileSync(wasmAs, ["--enable-bulk-memory", "--enable-simd", join(dir, "wipe.wat"), "-o", join(dir, "wipe.wasm")]);
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "wipe.wasm")));
  const { fill, scan8, scan16, fillFrom, memory } = instance.exports;
  const N = 65536;
  const mem = new Uint8Array(memory.buffer);
  const time = (used, f) => {
    const medians = [];
    for (let b = 0; b < 15; b++) {
      const t = performance.now();
      for (let i = 0; i < 2000; i++) {
        mem.fill(7, N - used, N);
        f();
      }
      medians.push(((performance.now() - t) / 2000) * 1000);
    }
    return medians.sort((a, b) => a - b)[7];
  };
  console.log(`node ${process.version}; µs per wipe (medians of 15 batches of 2,000, the loop's own cost subtracted)`);
  for (const used of [632, 3300, 27040]) {
    for (let k = 0; k < 3; k++) time(used, () => fill(N)), time(used, () => fillFrom(scan8(N), N));
    const base = time(used, () => {});
    const fig = (f) => (time(used, f) - base).toFixed(2).padStart(6);
    console.log(
      `used ${String(used).padStart(5)} B: fill all 64 KiB ${fig(() => fill(N))}; ` +
        `scan (8 B) + fill the used part ${fig(() => fillFrom(scan8(N), N))}; ` +
        `scan (16 B, SIMD) + fill ${fig(() => fillFrom(scan16(N), N))}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
