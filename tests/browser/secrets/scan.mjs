// The secrets oracle's memory scanners (see ../secrets.mjs): every needle in one pass,
// and the non-zero ranges of a region.


// ---------------------------------------------------------------------------------------
// scan

/**
 * Offsets of every needle in `memoryBytes`, in one pass over the memory: the u32 made of the
 * four bytes at each offset (little-endian) is filtered through a bitmap, then looked up in
 * a Map of needles by their first four bytes, and only those candidates are compared.
 * Reads `memoryBytes` in place (no copy), so it may be a view of a wasm memory's buffer.
 *
 * @param {Uint8Array} memoryBytes
 * @param {{name: string, bytes: Uint8Array}[]} needles each at least 4 bytes long
 * @returns {{name: string, offsets: number[]}[]} the needles found, in needle order
 */
export function scan(memoryBytes, needles) {
  if (!(memoryBytes instanceof Uint8Array)) throw new TypeError("scan: memoryBytes must be a Uint8Array");
  const FILTER_BITS = 20;
  const filter = new Uint8Array(1 << FILTER_BITS);
  const slot = (key) => Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS);
  const byPrefix = new Map();
  const hits = needles.map(() => []);
  needles.forEach((nd, idx) => {
    const b = nd.bytes;
    if (!(b instanceof Uint8Array) || b.length < 4) throw new Error(`scan: needle ${nd.name} shorter than 4 bytes`);
    const key = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    filter[slot(key)] = 1;
    const list = byPrefix.get(key);
    if (list) list.push(idx);
    else byPrefix.set(key, [idx]);
  });
  const mem = memoryBytes;
  const len = mem.length;
  if (len >= 4) {
    let key = (mem[0] | (mem[1] << 8) | (mem[2] << 16) | (mem[3] << 24)) >>> 0;
    for (let i = 0; ; ) {
      if (filter[Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS)] === 1) {
        const cands = byPrefix.get(key);
        if (cands) {
          for (const idx of cands) {
            const b = needles[idx].bytes;
            if (i + b.length > len) continue;
            let j = 4;
            while (j < b.length && mem[i + j] === b[j]) j++;
            if (j === b.length) hits[idx].push(i);
          }
        }
      }
      if (++i + 4 > len) break;
      key = ((key >>> 8) | (mem[i + 3] << 24)) >>> 0;
    }
  }
  const out = [];
  needles.forEach((nd, idx) => {
    if (hits[idx].length) out.push({ name: nd.name, offsets: hits[idx] });
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// nonZeroRanges

/**
 * The non-zero bytes of `memoryBytes[from, to)` as `[start, end)` ranges, runs of fewer than
 * `gap` zero bytes merged into the range around them (gap = 1: exact runs).
 *
 * @returns {{ ranges: [number, number][], total: number, nonZeroBytes: number, truncated: boolean }}
 *   at most `limit` ranges (default 20), `total` counting all of them
 */
export function nonZeroRanges(memoryBytes, from = 0, to = memoryBytes.length, { limit = 20, gap = 16 } = {}) {
  if (!(memoryBytes instanceof Uint8Array)) throw new TypeError("nonZeroRanges: memoryBytes must be a Uint8Array");
  from = Math.max(0, Math.min(from, memoryBytes.length));
  to = Math.max(from, Math.min(to, memoryBytes.length));
  const ranges = [];
  let total = 0;
  let nonZeroBytes = 0;
  let start = -1;
  let end = -1;
  const flush = () => {
    if (start < 0) return;
    total++;
    if (ranges.length < limit) ranges.push([start, end]);
    start = -1;
  };
  for (let i = from; i < to; i++) {
    if (memoryBytes[i] === 0) continue;
    nonZeroBytes++;
    if (start >= 0 && i - end < gap) end = i + 1;
    else {
      flush();
      start = i;
      end = i + 1;
    }
  }
  flush();
  return { ranges, total, nonZeroBytes, truncated: total > ranges.length };
}
