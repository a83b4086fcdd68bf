// `npm test`: unit tests, integration tests on in-process PGlite, the same integration tests on
// PostgreSQL when TEST_DATABASE_URL is set, then the end-to-end tests in Chromium. Prints one
// closing line "tests: N passed, N failed, N skipped" summed over all passes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface Pass { name: string; project: string; env: Record<string, string | undefined> }

const passes: Pass[] = [
  { name: "unit", project: "unit", env: {} },
  { name: "integration (PGlite)", project: "integration", env: { TEST_DATABASE_URL: undefined } },
];
if (process.env.TEST_DATABASE_URL) passes.push({ name: "integration (PostgreSQL)", project: "integration", env: {} });
passes.push({ name: "e2e (Chromium)", project: "e2e", env: {} });

const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
/** every skipped test by name, printed at the end: a skip is never silent */
const skippedNames: string[] = [];
let exitCode = 0;
const out = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-test-"));

for (const [i, pass] of passes.entries()) {
  if (only.length && !only.includes(pass.project)) continue;
  console.log(`\n=== ${pass.name} ===`);
  const report = path.join(out, `${i}.json`);
  const env = { ...process.env, ...pass.env };
  for (const [k, v] of Object.entries(pass.env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [path.resolve("node_modules/vitest/vitest.mjs"), "run", "--project", pass.project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], { stdio: "inherit", env });
  if (r.status !== 0) exitCode = 1;
  if (fs.existsSync(report)) {
    const j = JSON.parse(fs.readFileSync(report, "utf8")) as {
      numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numTotalTests: number;
      testResults?: { name: string; assertionResults?: { fullName: string; status: string }[] }[];
    };
    for (const file of j.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === "pending" || t.status === "skipped" || t.status === "todo") skippedNames.push(`${pass.name}: ${path.relative(process.cwd(), file.name)} > ${t.fullName}`);
      }
    }
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + j.numTodoTests;
    if (j.numTotalTests === 0) {
      console.error(`${pass.name}: no tests ran`);
      exitCode = 1;
    }
  } else {
    exitCode = 1;
  }
}
if (skippedNames.length) console.log(`\nskipped:\n${skippedNames.map((n) => `  ${n}`).join("\n")}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);
