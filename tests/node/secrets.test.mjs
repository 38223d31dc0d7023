// Proves the memory suite's oracle (tests/browser/secrets.mjs) right: its AES, GHASH and
// polyval forms against the published vectors and against the crates' own memory layout,
// every derived secret of a jose-sealed JWE against an independent path (node:crypto, local
// GF(2^128) arithmetic), and the scanner and the zero check on planted data.
//
// Standalone: needs only the `jose` dev dependency, not the built package.
//
// The tests are in secrets/: primitives.mjs (AES, GCM, polyval, the crates' layout),
// derive.mjs (deriveSecrets) and scan.mjs (scan, nonZeroRanges), with the independent
// reference arithmetic in reference.mjs. Importing them registers their tests here.
import "./secrets/primitives.mjs";
import "./secrets/derive.mjs";
import "./secrets/scan.mjs";
