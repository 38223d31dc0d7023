// The one way to find the READMEs' snippets: every fenced block, with its fence language
// and the marker lines right above it. `<!-- from examples/… -->`: the block is copied,
// verbatim, from that example (tests/node/readme.test.mjs), which make test-examples
// builds and runs. `<!-- given: … -->`: TypeScript declarations of the placeholders the
// block uses (`declare const sealer: …`), for the strict type check of the blocks
// (tests/snippets.test.mjs). No `import` of the package: usable without a built pkg/.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The READMEs whose snippets are tested. */
export const READMES = ["README.md", "pkg-template/README.md"];

/** Every fenced block of `readme`: { readme, line, lang, from, given, code }, `code` with
 * its last newline, `from` and `given` undefined where no marker says. */
export function snippets(readme) {
  const lines = readFileSync(`${root}${readme}`, "utf8").split("\n");
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) throw new Error(`${readme}:${i + 1}: a code block that is never closed`);
    const notes = [];
    for (let j = i - 1; j >= 0 && /^<!-- .* -->$/.test(lines[j]); j--) notes.push(lines[j]);
    const note = (re) => notes.map((n) => re.exec(n)?.[1]).find((v) => v !== undefined);
    found.push({
      readme, line: i + 1, lang: open[1],
      from: note(/^<!-- from (\S+) -->$/), given: note(/^<!-- given: (.*) -->$/),
      code: lines.slice(i + 1, end).map((l) => `${l}\n`).join(""),
    });
    i = end;
  }
  return found;
}
