// Every client JS chunk of the production build must parse as ES2020.
// Why: iOS WeChat uses the system WKWebView (iOS 15's WebKit lacks class static blocks and
// regex lookbehind) and Android WeChat's engine lags desktop Chrome; a dependency or Next.js
// upgrade that ships newer syntax leaves those users a blank page. Run after `next build`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "acorn";

const root = path.resolve(process.argv[2] ?? ".next/static");
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith(".js")) files.push(full);
  }
})(root);

if (files.length === 0) {
  console.error(`no client chunks under ${root}: run next build first`);
  process.exit(1);
}

const failures = [];
for (const file of files) {
  const source = readFileSync(file, "utf8");
  for (const sourceType of ["script", "module"]) {
    try {
      parse(source, { ecmaVersion: 2020, sourceType });
      break;
    } catch (error) {
      if (sourceType === "module") failures.push({ file: path.relative(process.cwd(), file), message: error.message });
    }
  }
}
if (failures.length > 0) {
  for (const { file, message } of failures) console.error(`${file}: not ES2020 — ${message}`);
  console.error(`${failures.length} of ${files.length} client chunks use syntax newer than ES2020`);
  process.exit(1);
}
console.log(`${files.length} client chunks parse as ES2020`);
