# make test-examples (issue 13 part 4): the examples in examples/ (plain HTML under the
# strict CSP, React + Vite, Next.js app router, Node), each built and run against the
# package in pkg/, the browser ones in headless Chromium over WebDriver, every JWE opened
# with jose (examples/test.mjs). React and Next.js are installed once into
# examples/node_modules from examples/package-lock.json; Vite and jose are the repository's.

TESTS += test-examples
.PHONY: test-examples

examples/node_modules/.installed: examples/package.json examples/package-lock.json
	cd examples && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-examples: pkg setup-browsers examples/node_modules/.installed ## the examples (HTML, React + Vite, Next.js, Node) built and run
	node --test --test-concurrency=1 --test-reporter=spec examples/test.mjs
