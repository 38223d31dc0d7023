// The READMEs' snippets cannot rot (issue 13 part 4): a code block after a
// `<!-- from examples/… -->` line must be found, verbatim, in that example file, which
// make test-examples builds and runs. And the README's other claims that tests can check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { root, cardseal } from "./helpers.mjs";
import { READMES, snippets } from "./snippets.mjs";

/** [file, code] of each block marked `<!-- from file -->`. */
function marked(readme) {
  return snippets(readme).filter((s) => s.from).map((s) => [s.from, s.code]);
}

for (const readme of READMES) {
  test(`${readme}: every marked snippet is in its example, verbatim`, () => {
    const blocks = marked(readme);
    assert.ok(blocks.length >= 3, `${readme} takes its snippets from the examples (${blocks.length})`);
    for (const [file, code] of blocks) {
      assert.ok(file.startsWith("examples/"), file);
      assert.ok(readFileSync(`${root}${file}`, "utf8").includes(code), `${readme}: this snippet is not in ${file}:\n${code}`);
    }
  });
}

test("the npm README's examples of formatting say what format gives", () => {
  const readme = readFileSync(`${root}pkg-template/README.md`, "utf8");
  const shown = [...readme.matchAll(/^(format\.\w+\("[^"]*"\));\s+\/\/ ("[^"]*")$/gm)];
  assert.equal(shown.length, 2);
  for (const [, call, out] of shown) {
    const [, fn, arg] = /format\.(\w+)\("([^"]*)"\)/.exec(call);
    assert.equal(JSON.stringify(cardseal.format[fn](arg)), out, call);
  }
});
