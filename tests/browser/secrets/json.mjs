// The secrets oracle's JSON reader (see ../secrets.mjs): the plaintext member by member,
// with exact byte spans.


// ---------------------------------------------------------------------------------------
// The plaintext JSON, member by member with exact byte spans

/** The members of a JSON text, nested ones by path, each with its exact raw text. */
export function jsonMembers(text) {
  const out = []; // { path, key, valueRaw, memberRaw, value (decoded string or null), kind }
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const str = () => {
    const start = i;
    if (text[i] !== '"') throw new Error(`JSON: string expected at ${i}`);
    for (i++; text[i] !== '"'; i++) {
      if (i >= text.length) throw new Error("JSON: unterminated string");
      if (text[i] === "\\") i++;
    }
    i++;
    return { raw: text.slice(start, i), value: JSON.parse(text.slice(start, i)) };
  };
  const value = (path, keyStart, keyName) => {
    ws();
    const start = i;
    if (text[i] === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        const ks = i;
        const k = str();
        ws();
        if (text[i++] !== ":") throw new Error("JSON: ':' expected");
        value(path ? `${path}.${k.value}` : k.value, ks, k.value);
        ws();
        if (text[i] === ",") i++;
        else if (text[i++] === "}") return;
        else throw new Error("JSON: ',' or '}' expected");
      }
    }
    if (text[i] === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`, null, null);
        ws();
        if (text[i] === ",") i++;
        else if (text[i++] === "]") return;
        else throw new Error("JSON: ',' or ']' expected");
      }
    }
    let decoded = null;
    if (text[i] === '"') decoded = str().value;
    else {
      const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) throw new Error(`JSON: value expected at ${i}`);
      i += m[0].length;
    }
    out.push({
      path,
      key: keyName,
      valueRaw: text.slice(start, i),
      memberRaw: keyStart === null ? null : text.slice(keyStart, i),
      value: decoded,
    });
  };
  value("", null, null);
  ws();
  if (i !== text.length) throw new Error("JSON: trailing characters");
  return out;
}

/** Members that are also in the cleartext summary `{brand, last4, exp_month, exp_year}`. */
export const IN_SUMMARY = new Set(["exp_month", "exp_year"]);
