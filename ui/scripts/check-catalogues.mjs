// Checks every message catalogue against the English one: the same keys, and the same
// {placeholders} in each message, so no screen shows a missing text or a raw "{name}".
import { readFileSync, readdirSync } from "node:fs";

const dir = new URL("../src/locales/", import.meta.url);
const load = (file) => JSON.parse(readFileSync(new URL(file, dir), "utf8"));
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
const english = load("en.json");
const problems = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "en.json")) {
  const other = load(file);
  for (const key of Object.keys(english)) {
    if (!(key in other)) problems.push(`${file}: missing ${key}`);
    else if (placeholders(other[key]) !== placeholders(english[key])) {
      problems.push(`${file}: ${key} has placeholders {${placeholders(other[key])}}, English has {${placeholders(english[key])}}`);
    }
  }
  for (const key of Object.keys(other)) if (!(key in english)) problems.push(`${file}: unknown key ${key}`);
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("message catalogues: every key and placeholder matches English");
