// Validates cardseal audit JSON reports against audit/report.schema.json with Ajv (JSON
// Schema 2020-12). Usage: node validate-report.mjs REPORT.json… ; exits 1 on the first
// invalid report, printing why.
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";

const schema = JSON.parse(readFileSync(new URL("../report.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  if (!validate(report)) {
    console.error(`${file}: ${JSON.stringify(validate.errors)}`);
    process.exit(1);
  }
}
console.log(`${process.argv.length - 2} report(s) valid`);
