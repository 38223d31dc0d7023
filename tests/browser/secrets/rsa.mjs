// The secrets oracle's RSA (see ../secrets.mjs): which powers of the OAEP encoded
// message the public operation holds.


import { bitLength } from "./bytes.mjs";

// ---------------------------------------------------------------------------------------
// crypto-bigint's exponentiation, as exponents: which powers of EM the public operation
// holds in Montgomery form (crypto-bigint 0.7.11 src/modular/pow.rs, WINDOW = 4).

/** Exponents k of the intermediates EM^k (k >= 1, k !== e) of `pow_montgomery_form_amm`. */
export function powIntermediates(e) {
  const ks = new Set();
  for (let i = 1n; i < 16n; i++) ks.add(i); // powers[1..15]; powers[0] is one (public)
  const bits = bitLength(e);
  let z = 0n;
  // The top window holds (bits - 1) % 4 + 1 bits and starts without squaring.
  for (let top = bits - 1 - ((bits - 1) % 4), first = true; top >= 0; top -= 4, first = false) {
    if (!first) for (let s = 0; s < 4; s++) ks.add((z *= 2n));
    const idx = (e >> BigInt(top)) & 15n;
    ks.add((z += idx));
  }
  if (z !== e) throw new Error("powIntermediates: window walk does not end at e");
  ks.delete(0n);
  ks.delete(e);
  return [...ks].sort((a, b) => (a < b ? -1 : 1));
}
