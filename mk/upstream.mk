# The crate changes we propose upstream (docs/upstream/*.diff; the issue texts and figures
# are in BENCHMARKS.md, "Fast and small with the audited crates"): the package built
# against the locked crates with them applied, into target/pkg-upstream. Never shipped.

.PHONY: test-upstream upstream-preview

# Part of `make test`: the diffs still apply to the crates in Cargo.lock, the package built
# with them passes the jose interop tests and is within the 64 KiB target (the README's
# claim). About 20 s warm: a wasm build of the changed crates and cardseal.
TESTS += test-upstream
test-upstream: setup-rust setup-node setup-size ## the upstream diffs apply; the package with them passes jose interop, within 64 KiB
	scripts/upstream-preview.sh --test

# By hand: the same, and BENCH=1 times pkg/ and the preview in Node and the browsers.
upstream-preview: pkg setup-size setup-browsers ## the package with the proposed upstream changes: size, interop; BENCH=1 speed
	scripts/upstream-preview.sh $(if $(BENCH),--bench)
