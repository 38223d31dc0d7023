// The docs cannot drift from the tree (issue 20 items 4 and 5): the README's Layout names
// every top-level folder git tracks (and nothing that is gone); the npm README's list of
// brand names is `brands()`; every citation of a design section names one that exists in
// docs/, and none points to a file outside the repository; every relative link in the
// Markdown files reaches a file and a heading that exist; `make help` explains every phase
// of `make test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path) => readFileSync(join(root, path), "utf8");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter(Boolean);
const TEXT = /\.(rs|mjs|js|ts|md|toml|mk|sh|html|css)$|(^|\/)Makefile$/;

/** The lines of `markdown` outside fenced code blocks. */
function prose(markdown) {
  let fenced = false;
  return markdown.split("\n").filter((line) => {
    if (line.startsWith("```")) fenced = !fenced;
    return !fenced && !line.startsWith("```");
  });
}

/** The heading anchors of a Markdown file, as GitHub makes them. */
function anchors(markdown) {
  return new Set(
    prose(markdown)
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => l.replace(/^#+ /, "").trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-")),
  );
}

test("the README's Layout names every top-level folder git tracks, and only what exists", () => {
  const readme = read("README.md");
  const section = readme.slice(readme.indexOf("\n## Layout\n"));
  const block = /^```\n([\s\S]*?)^```$/m.exec(section)[1];
  // The first column of each unindented line: "src/", "Cargo.toml, Cargo.lock", ".ci/".
  const named = block
    .split("\n")
    .filter((l) => /^\S/.test(l))
    .flatMap((l) => l.split(/\s{2,}/)[0].split(", "));
  assert.ok(named.length > 10, `the Layout block was found (${named.length} entries)`);
  const folders = new Set(tracked.filter((f) => f.includes("/")).map((f) => f.split("/")[0]));
  const namedFolders = new Set(named.filter((n) => n.includes("/")).map((n) => n.split("/")[0]));
  for (const folder of folders) assert.ok(namedFolders.has(folder), `README.md, Layout: ${folder}/ is not named`);
  for (const n of named) {
    const exists = n.endsWith("/") ? folders.has(n.slice(0, -1)) : tracked.includes(n);
    assert.ok(exists, `README.md, Layout: ${n} names nothing git tracks`);
  }
});

test("the npm README's brand names are brands(), in its order", async () => {
  const { cardseal } = await import("./helpers.mjs"); // needs the built package
  const readme = read("pkg-template/README.md").replace(/\s+/g, " ");
  const m = /`brands\(\)` lists each with the name shoppers know it by: (.+?)(?: \(|\.)/.exec(readme);
  assert.ok(m, "pkg-template/README.md: the sentence that lists the brands");
  const listed = m[1].split(/, | and /);
  assert.deepEqual(listed, cardseal.brands().map((b) => b.name));
});

test("every docs/DESIGN.md and docs/FORMAT.md section cited exists", () => {
  const sections = {};
  for (const doc of ["DESIGN", "FORMAT"]) {
    sections[doc] = new Set(
      prose(read(`docs/${doc}.md`))
        .map((l) => /^## (\d+)\. /.exec(l)?.[1])
        .filter(Boolean),
    );
    assert.ok(sections[doc].size >= 5, `docs/${doc}.md has numbered sections`);
  }
  let cited = 0;
  for (const file of tracked.filter((f) => TEXT.test(f))) {
    for (const m of read(file).matchAll(/\b(DESIGN|FORMAT)\.md`?\)? §(\d+)/g)) {
      cited++;
      assert.ok(sections[m[1]].has(m[2]), `${file}: docs/${m[1]}.md §${m[2]} does not exist`);
    }
  }
  assert.ok(cited >= 10, `citations found (${cited})`);
});

test("no comment or doc cites a design file outside the repository", () => {
  // Built here, so that this file does not match itself.
  const outside = new RegExp(["DESIGN", "STYLE"].map((w) => `\\b${w} §`).concat(["\\bNOTES\\.md", "\\bSTYLE \\d"]).join("|"));
  const found = tracked
    .filter((f) => TEXT.test(f) && !f.startsWith("docs/"))
    .flatMap((f) =>
      read(f)
        .split("\n")
        .map((line, i) => [f, i + 1, line])
        .filter(([, , line]) => outside.test(line)),
    );
  assert.deepEqual(found.map(([f, n, l]) => `${f}:${n}: ${l.trim()}`), []);
});

test("every relative link in the Markdown files reaches a file and a heading that exist", () => {
  let links = 0;
  for (const file of tracked.filter((f) => f.endsWith(".md") && !f.startsWith("examples/"))) {
    for (const line of prose(read(file))) {
      for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        links++;
        const [path, anchor] = target.split("#");
        const to = path ? normalize(join(dirname(file), path)).replace(/\/$/, "") : file;
        const exists = tracked.includes(to) || tracked.some((f) => f.startsWith(`${to}/`));
        assert.ok(exists, `${file}: the link to ${target} reaches nothing git tracks`);
        if (anchor) assert.ok(anchors(read(to)).has(anchor), `${file}: ${to} has no heading #${anchor}`);
      }
    }
  }
  assert.ok(links >= 5, `links found (${links})`);
});

test("make help explains every phase of make test, in the order it runs them", () => {
  const help = execFileSync("make", ["--no-print-directory", "help"], { cwd: root, encoding: "utf8" });
  const phases = [...help.split("Setup")[0].matchAll(/^ {2}(\S+) +(.+)\n {4,}needs: (.*)$/gm)];
  const names = phases.map((m) => m[1]);
  // The fragments' own words for what they add, not the variable make help reads.
  const added = tracked
    .filter((f) => /^mk\/.*\.mk$/.test(f))
    .sort()
    .flatMap((f) => [...read(f).matchAll(/^TESTS \+= (.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/)));
  assert.deepEqual(names, ["lint", "test-rust", "test-node", "size", ...added]);
  for (const [, name, note] of phases) assert.ok(note.trim().length > 10, `make help: ${name} says what it checks`);
  // What a phase needs that is a setup target is listed with what it installs.
  const setup = new Set([...help.matchAll(/^ {2}(setup\S*) +\S/gm)].map((m) => m[1]));
  for (const [, name, , needs] of phases) {
    for (const need of needs.split(/\s+/).filter((n) => n.startsWith("setup"))) {
      assert.ok(setup.has(need), `make help: ${name} needs ${need}, which the setup list does not explain`);
    }
  }
  assert.ok(phases.find((m) => m[1] === "test-rust")[3].split(" ").includes("setup-redis"));
});

test("every Rust integration test has the one layout of docs/DESIGN.md: tests/NAME/main.rs", () => {
  const crates = tracked.filter((f) => /(^|\/)Cargo\.toml$/.test(f)).map((f) => f.slice(0, -"Cargo.toml".length));
  let binaries = 0;
  for (const crate of crates) {
    const files = tracked.filter((f) => f.startsWith(`${crate}tests/`) && f.endsWith(".rs"))
      .map((f) => f.slice(`${crate}tests/`.length));
    for (const f of files) {
      const [dir, ...rest] = f.split("/");
      assert.ok(rest.length > 0, `${crate}tests/${f}: a test binary is a directory tests/NAME/main.rs`);
      assert.ok(dir === "common" || files.includes(`${dir}/main.rs`),
        `${crate}tests/${f}: beside no main.rs, and not a shared helper in tests/common/`);
      binaries += rest.join("/") === "main.rs";
    }
  }
  assert.ok(binaries > 10, `${binaries} test binaries found`);
});
