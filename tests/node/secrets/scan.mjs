// The scanner and the zero check (see ../secrets.test.mjs), on planted data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nonZeroRanges, scan } from "../../browser/secrets.mjs";

// ---------------------------------------------------------------------------------------
// scan and nonZeroRanges

test("scan reports exactly the planted needles, in a 4 MiB wasm memory, without copying it", () => {
  const memory = new WebAssembly.Memory({ initial: 64 }); // 64 pages = 4 MiB of zeros
  const mem = new Uint8Array(memory.buffer);
  const N = mem.length;
  const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
  const a = rnd(32);
  const b = rnd(16);
  const c = rnd(8);
  const sameHead = Uint8Array.from([...a.subarray(0, 4), ...rnd(12)]); // shares a's first 4 bytes
  const periodic = Uint8Array.from({ length: 12 }, (_, i) => [0xab, 0xcd, 0xef][i % 3]); // overlaps itself
  const nearMiss = rnd(24);
  const tail = rnd(16);
  const needles = [
    { name: "a", bytes: a },
    { name: "b", bytes: b },
    { name: "c", bytes: c },
    { name: "sameHead", bytes: sameHead },
    { name: "periodic", bytes: periodic },
    { name: "nearMiss", bytes: nearMiss },
    { name: "tail", bytes: tail },
    { name: "absent", bytes: rnd(64) },
  ];
  mem.set(a, 0); // at the very start
  mem.set(c, N - 8); // flush with the end
  mem.set(b, 1_000_003); // unaligned
  mem.set(a, 2_000_001); // a second copy, unaligned
  mem.set(sameHead, 2_500_000);
  // A needle made of b's last 8 bytes: found inside both copies of b (overlapping them).
  mem.set(b, 3_000_000);
  const cOverB = b.subarray(8);
  // periodic: 15 bytes abcdefabcdefabc → occurs at 3_100_001 and 3_100_004 (self-overlap)
  mem.set([0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef], 3_100_001);
  // nearMiss planted with its last byte flipped: not reported
  mem.set(nearMiss, 3_200_000);
  mem[3_200_000 + 23] ^= 0x01;
  // tail: only its first 10 bytes fit before the end
  mem.set(tail.subarray(0, 10), N - 8 - 10);
  mem.set(c, N - 8); // restore c at the end after tail's prefix
  const withOverlap = [...needles, { name: "cOverB", bytes: cOverB }];

  const found = scan(mem, withOverlap);
  assert.deepEqual(found, [
    { name: "a", offsets: [0, 2_000_001] },
    { name: "b", offsets: [1_000_003, 3_000_000] },
    { name: "c", offsets: [N - 8] },
    { name: "sameHead", offsets: [2_500_000] },
    { name: "periodic", offsets: [3_100_001, 3_100_004] },
    { name: "cOverB", offsets: [1_000_011, 3_000_008] },
  ]);
  // A view with an offset reports offsets relative to the view.
  assert.deepEqual(scan(mem.subarray(1_000_000, 1_000_100), [{ name: "b", bytes: b }]), [{ name: "b", offsets: [3] }]);
  // Nothing planted: nothing found; a shorter-than-needle memory: nothing found.
  assert.deepEqual(scan(new Uint8Array(1 << 20), needles), []);
  assert.deepEqual(scan(new Uint8Array(3), needles), []);
  // The memory was read in place: the wasm buffer is still attached and unchanged in size.
  assert.equal(memory.buffer.byteLength, N);
  assert.equal(mem.length, N);
  assert.throws(() => scan(mem, [{ name: "x", bytes: Uint8Array.of(1, 2, 3) }]), /shorter than 4/);
});

test("scan: a few hundred needles over 20 MiB in one pass", () => {
  const mem = new Uint8Array(20 << 20);
  for (let i = 0; i < mem.length; i += 3) mem[i] = (i * 2654435761) >>> 24; // busy, non-zero memory
  const needles = Array.from({ length: 400 }, (_, i) => ({ name: `n${i}`, bytes: crypto.getRandomValues(new Uint8Array(16 + (i % 241))) }));
  const at = [5, 10_000_001, (20 << 20) - needles[399].bytes.length];
  mem.set(needles[7].bytes, at[0]);
  mem.set(needles[123].bytes, at[1]);
  mem.set(needles[399].bytes, at[2]);
  const t0 = performance.now();
  const found = scan(mem, needles);
  const ms = performance.now() - t0;
  assert.deepEqual(found, [
    { name: "n7", offsets: [at[0]] },
    { name: "n123", offsets: [at[1]] },
    { name: "n399", offsets: [at[2]] },
  ]);
  assert.ok(ms < 5000, `scan took ${ms.toFixed(0)} ms`);
});

test("nonZeroRanges: merged ranges, cap, total, window", () => {
  const mem = new Uint8Array(1 << 16);
  assert.deepEqual(nonZeroRanges(mem, 0, mem.length), { ranges: [], total: 0, nonZeroBytes: 0, truncated: false });
  mem.fill(7, 100, 110);
  mem[112] = 1; // 2 zero bytes after the run: merged by default, apart with gap 1
  mem[200] = 9;
  mem[mem.length - 1] = 1;
  assert.deepEqual(nonZeroRanges(mem, 0, mem.length), {
    ranges: [[100, 113], [200, 201], [mem.length - 1, mem.length]],
    total: 3,
    nonZeroBytes: 13,
    truncated: false,
  });
  assert.deepEqual(nonZeroRanges(mem, 0, mem.length, { gap: 1 }).ranges, [[100, 110], [112, 113], [200, 201], [mem.length - 1, mem.length]]);
  // A window: only what lies inside, cut at its edges.
  assert.deepEqual(nonZeroRanges(mem, 105, 200), { ranges: [[105, 113]], total: 1, nonZeroBytes: 6, truncated: false });
  assert.deepEqual(nonZeroRanges(mem, 113, 200).total, 0);
  // Out-of-range windows are clamped.
  assert.equal(nonZeroRanges(mem, -5, 1e9).total, 3);
  // Capped at 20 ranges, the total still counts all of them.
  const many = new Uint8Array(4096);
  for (let i = 0; i < 50; i++) many[40 * i] = 1;
  const r = nonZeroRanges(many, 0, many.length);
  assert.equal(r.ranges.length, 20);
  assert.equal(r.total, 50);
  assert.equal(r.nonZeroBytes, 50);
  assert.equal(r.truncated, true);
  assert.deepEqual(r.ranges[19], [760, 761]);
});
