# make test-examples (issue 13 part 4): the examples in examples/ (plain HTML under the
# strict CSP, React + Vite + TypeScript, Next.js app router, Vue 3 + Vite + TypeScript,
# Node), each built and run against the package in pkg/, the browser ones in headless
# Chromium over WebDriver (Vue's in Firefox too), every JWE opened with jose
# (examples/test.mjs). React, Next.js, Vue, vue-tsc, TypeScript, Vite and the types are
# installed once into examples/node_modules from examples/package-lock.json; jose is the
# repository's.
#
# make test-snippets (issue 23 item 6): every JavaScript, TypeScript and Vue snippet of
# README.md and pkg-template/README.md type-checked in strict TypeScript against pkg/'s
# types, with vue-tsc and the examples' modules (tests/snippets.test.mjs).

TESTS += test-snippets test-examples
.PHONY: test-snippets test-examples

examples/node_modules/.installed: examples/package.json examples/package-lock.json
	cd examples && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-snippets: pkg examples/node_modules/.installed ## every JS, TS and Vue snippet of both READMEs type-checked, strict (vue-tsc)
	node --test --test-reporter=spec tests/snippets.test.mjs

test-examples: pkg setup-browsers examples/node_modules/.installed ## the examples (HTML, React + Vite, Next.js, Vue + Vite, Node) built and run
	node --test --test-concurrency=1 --test-reporter=spec examples/test.mjs
