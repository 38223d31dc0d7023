// make test-snippets (issue 23 item 6): every JavaScript, TypeScript and Vue snippet of
// the two READMEs type-checks in strict TypeScript against the package's own types (pkg/,
// built by make pkg), as a developer's project would see it. Snippets are found the one
// way tests/node/snippets.mjs finds them, by fence language and marker:
//   - a block `<!-- from examples/… -->` is checked in that example file (where
//     tests/node/readme.test.mjs finds it verbatim, and make test-examples runs it), in
//     the file's own language, which must be the fence's: ts → .ts, tsx → .tsx (React),
//     vue → .vue (vue-tsc), js → .js/.mjs checked as JavaScript (`checkJs`);
//   - any other block is checked on its own as TypeScript (js and ts as .ts, jsx and tsx
//     as .tsx, vue as .vue), after the declarations of its `<!-- given: … -->` line.
// HTML, CSS, shell and the rest are not type-checked (readme.test.mjs checks what it can).
// One vue-tsc run (TypeScript with Vue files; the examples' node_modules: vue, React's
// types, Node's types) checks them all, plus two controls: the README's React component
// and Next.js route handler as they were, which must give the errors issue 23 reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { READMES, snippets } from "./node/snippets.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const modules = join(root, "examples/node_modules");
const vueTsc = join(modules, "vue-tsc/bin/vue-tsc.js");

// The fence languages that are type-checked, and the example files each may come from.
const CHECKED = { js: [".js", ".mjs"], ts: [".ts"], jsx: [], tsx: [".tsx"], vue: [".vue"] };
// What an unmarked block is checked as.
const ALONE = { js: ".ts", ts: ".ts", jsx: ".tsx", tsx: ".tsx", vue: ".vue" };

// The controls: the README's React effect (in its component, the key typed) and Next.js
// route handler (with the import line it lacked) before issue 23, and the errors issue 23
// reported for them.
const CONTROLS = {
  "control-react.tsx": [`import { useEffect, useRef, useState } from "react";
import { CardSeal } from "cardseal";

export function Checkout({ publicKey }: { publicKey: string }) {
  const form = useRef(null);
  const [paid, setPaid] = useState(null);
  useEffect(() => {
    const el = form.current;
    let binding;
    let cancelled = false;
    const onSealed = async (e) => {
      e.preventDefault();
      await fetch("/api/checkout", { method: "POST", body: JSON.stringify(e.detail) });
      setPaid(e.detail.summary);
    };
    el.addEventListener("cardseal:sealed", onSealed);
    CardSeal.create(publicKey).then((sealer) => {
      if (!cancelled) binding = sealer.attach(el);
    });
    return () => {
      cancelled = true;
      binding?.detach();
      el.removeEventListener("cardseal:sealed", onSealed);
    };
  }, [publicKey]);
  return <form ref={form}><input data-cardseal="number" /></form>;
}
`, ["TS18047", "TS18047", "TS2345", "TS7005", "TS7006", "TS7034"]],
  "control-route.ts": [`import { CardSeal, CardSealError } from "cardseal";

export async function POST(request) {
  const sealer = await CardSeal.create(process.env.MERCHANT_PUBLIC_KEY);
  try {
    return Response.json(sealer.seal(await request.json()));
  } catch (e) {
    if (!(e instanceof CardSealError)) throw e;
    return Response.json({ code: e.code, fields: e.fields }, { status: 422 });
  }
}
`, ["TS2345", "TS7006"]],
};

/** Every type-checked block of both READMEs, with the file it is checked in. */
function blocks() {
  return READMES.flatMap(snippets).filter((s) => s.lang in CHECKED).map((s, i) => {
    const where = `${s.readme}:${s.line}`;
    if (s.from) {
      assert.ok(CHECKED[s.lang].includes(extname(s.from)),
        `${where}: a \`${s.lang}\` block from ${s.from}: the fence must name the file's language`);
      return { ...s, where, file: `example-${s.from.replace(/\W/g, "-")}${extname(s.from)}` };
    }
    return { ...s, where, file: `snippet-${i}${ALONE[s.lang]}` };
  });
}

/** vue-tsc --noEmit --strict over `files` ({ name: code }) in a scratch project whose
 * `cardseal` is pkg/ and whose other modules are examples/node_modules; its output. */
function check(files) {
  const dir = mkdtempSync(join(tmpdir(), "cardseal-snippets-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    for (const name of readdirSync(modules)) {
      if (name !== "cardseal" && !name.startsWith(".")) symlinkSync(join(modules, name), join(dir, "node_modules", name));
    }
    symlinkSync(join(root, "pkg"), join(dir, "node_modules/cardseal"));
    for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler",
        lib: ["ES2022", "DOM", "DOM.Iterable"], jsx: "react-jsx", allowJs: true, checkJs: true,
        types: ["node"], skipLibCheck: true,
      },
      files: Object.keys(files),
    }));
    try {
      execFileSync(process.execPath, [vueTsc, "--noEmit", "-p", dir], { cwd: dir, encoding: "utf8", stdio: "pipe" });
      return "";
    } catch (e) {
      return e.stdout || String(e);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("every JS, TS and Vue snippet of both READMEs type-checks in strict TypeScript", () => {
  const found = blocks();
  // What the READMEs hold today, at least: React (tsx), Vue, Next.js, Node, the page's
  // module, frame mode, sealing and validation without a form.
  for (const lang of ["tsx", "vue", "ts", "js"]) {
    assert.ok(found.some((s) => s.lang === lang), `a \`${lang}\` snippet is checked`);
  }
  assert.ok(found.length >= 12, `snippets found (${found.length})`);
  const files = Object.fromEntries(Object.entries(CONTROLS).map(([name, [code]]) => [name, code]));
  for (const s of found) {
    if (s.from) {
      // Checked in its example; a copy, so that its imports resolve as the scratch project's.
      files[s.file] = readFileSync(join(root, s.from), "utf8");
    } else if (s.lang === "vue") {
      assert.equal(s.given, undefined, `${s.where}: a Vue block declares what it needs itself`);
      files[s.file] = s.code;
    } else {
      // A module of its own (`export {}`), after what its `given` line declares.
      files[s.file] = `${s.given ? `${s.given}\n` : ""}${s.code}export {};\n`;
    }
  }
  const out = check(files);
  const errors = [...out.matchAll(/^(\S+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)];
  assert.ok(out === "" || errors.length > 0, `vue-tsc said something that is not an error list:\n${out}`);
  for (const [name, [, expected]] of Object.entries(CONTROLS)) {
    const got = errors.filter((m) => m[1] === name).map((m) => m[3]).sort();
    assert.deepEqual(got, expected, `the control ${name} gives the errors issue 23 reported: the check is strict`);
  }
  // Each error where it is: the README's line, or the example's line (and the block's place).
  const ours = errors.filter((m) => !(m[1] in CONTROLS)).map(([, file, line, code, message]) => {
    const s = found.find((b) => b.file === basename(file));
    if (!s) return `${file}(${line}): ${code}: ${message}`;
    if (s.from) return `${s.from}:${line} (the block at ${s.where}): ${code}: ${message}`;
    return `${s.readme}:${s.line + Number(line) - (s.given ? 1 : 0)}: ${code}: ${message}`;
  });
  assert.deepEqual(ours, [], "README snippets that do not type-check");
});
