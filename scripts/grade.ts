// npm run grade -- --exercise <id> --file <path> [--seed <n>] [--mode run|submit] [--json] [--exercises-dir <dir>]
// Grades one file through the same worker pool and sandbox as the web tier. Exit code 0 whenever
// grading completed (whatever the score or status); 2 for usage errors and missing files.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createGraderPool } from "../server/grader/pool";
import { gradeSubmission } from "../server/grader/grade";
import { EXERCISES_DIR } from "../server/exercises/loader";
import type { GradeResult } from "../server/grader/result-schema";

const USAGE = "usage: npm run grade -- --exercise <id> --file <path> [--seed <n>] [--mode run|submit] [--json] [--exercises-dir <dir>]";

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      exercise: { type: "string" },
      file: { type: "string" },
      seed: { type: "string", default: "1" },
      mode: { type: "string", default: "submit" },
      json: { type: "boolean", default: false },
      "exercises-dir": { type: "string" },
      help: { type: "boolean", default: false },
    },
  }));
} catch (e) {
  usage((e as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.exercise) usage("missing --exercise");
if (!values.file) usage("missing --file");
if (!/^-?\d+$/.test(values.seed!)) usage(`--seed must be an integer, got ${values.seed}`);
if (values.mode !== "run" && values.mode !== "submit") usage(`--mode must be run or submit, got ${values.mode}`);
const file = path.resolve(values.file!);
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) usage(`no such file: ${values.file}`);
const exercisesDir = path.resolve(values["exercises-dir"] ?? EXERCISES_DIR);
if (!fs.existsSync(path.join(exercisesDir, values.exercise!, "exercise.json"))) usage(`unknown exercise "${values.exercise}" (looked in ${exercisesDir})`);

const pool = createGraderPool({ workers: 1, exercisesDir });
let result: GradeResult;
try {
  result = await gradeSubmission({ exerciseId: values.exercise!, code: fs.readFileSync(file, "utf8"), seed: Number(values.seed), mode: values.mode }, pool);
} finally {
  await pool.close();
}

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`${result.exercise} v${result.version}  mode=${result.mode}  seed=${result.seed}`);
  console.log(`status: ${result.status}   score: ${(result.score * 100).toFixed(1)}%   points: ${result.points}/${result.maxPoints}   ${result.durationMs} ms`);
  if (result.message) console.log(`\n${result.message}`);
  if (result.tests.length) {
    const rows = result.tests.map((t) => [t.passed ? "PASS" : "FAIL", `${t.points}/${t.maxPoints}`, t.visibility, t.name, (t.message ?? "").split("\n")[0].slice(0, 100)]);
    const widths = [4, 6, 7, 30].map((w, i) => Math.max(w, ...rows.map((r) => r[i].length)));
    console.log();
    for (const r of rows) console.log(r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join("  "));
  }
  if (result.stdout) console.log(`\nconsole output:\n${result.stdout}`);
}
process.exit(0);
