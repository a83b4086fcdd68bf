// npm run bench:grade [-- --n 400 --concurrency 4 --workers 2 --seeds distinct|repeat]
// End-to-end grading latency, submit -> GradeResult, through the real worker pool: transpile,
// fresh isolate per submission, every test call, expected outputs, scoring, IPC both ways.
// Uses the library's conv2d-single when present, else the grader's conv2d-mini fixture.
// Targets on 2 cores: p50 < 50 ms, p99 < 250 ms, >= 40 grades/s.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { EXERCISES_DIR } from "../server/exercises/loader";
import { createGraderPool } from "../server/grader/pool";
import { gradeSubmission } from "../server/grader/grade";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "400" },
    concurrency: { type: "string", default: "4" },
    workers: { type: "string", default: "2" },
    warmup: { type: "string", default: "40" },
    // distinct: every grading a new student seed (no expected-output cache hits), the worst case
    // repeat: 20 students resubmitting, so expected outputs are cached per (exercise, seed)
    seeds: { type: "string", default: "distinct" },
  },
});
const N = Number(values.n), CONC = Number(values.concurrency), WORKERS = Number(values.workers), WARMUP = Number(values.warmup);

const real = path.join(EXERCISES_DIR, "conv2d-single");
const target = fs.existsSync(path.join(real, "exercise.json"))
  ? { id: "conv2d-single", dir: EXERCISES_DIR }
  : { id: "conv2d-mini", dir: path.resolve("tests/fixtures/exercises") };
const code = fs.readFileSync(path.join(target.dir, target.id, "solution.ts"), "utf8");
// vary the source a little so the transpile cache is not what we measure
const submission = (i: number) => `${code}\n// submission ${i}\n`;

const pool = createGraderPool({ workers: WORKERS, exercisesDir: target.dir });
const seedOf = (i: number) => (values.seeds === "repeat" ? 1000 + (i % 20) : 1_000_000 + i);

async function run(count: number, offset: number): Promise<{ lat: number[]; wallMs: number; bad: number }> {
  const lat: number[] = [];
  let next = 0, bad = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONC }, async () => {
      while (next < count) {
        const i = offset + next++;
        const s = performance.now();
        const r = await gradeSubmission({ exerciseId: target.id, code: submission(i), seed: seedOf(i), mode: "submit" }, pool);
        lat.push(performance.now() - s);
        if (r.status !== "graded" || r.score !== 1) bad++;
      }
    }),
  );
  return { lat, wallMs: performance.now() - t0, bad };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const tStart = performance.now();
await run(WARMUP, 0); // worker start-up, tfjs init, checks import, JIT
const startupMs = performance.now() - tStart;
const { lat, wallMs, bad } = await run(N, WARMUP);
await pool.close();

const sorted = [...lat].sort((a, b) => a - b);
const rows: [string, string, string][] = [
  ["exercise", target.id, ""],
  ["machine", `${os.availableParallelism()} cores, node ${process.version}`, ""],
  ["workers / concurrency", `${WORKERS} / ${CONC}`, ""],
  ["seeds", String(values.seeds), values.seeds === "repeat" ? "20 students resubmitting" : "a new student every grading"],
  ["gradings (after warm-up)", String(N), `${WARMUP} warm-up incl. start-up: ${startupMs.toFixed(0)} ms`],
  ["not full marks", String(bad), "must be 0"],
  ["p50 ms", pct(sorted, 50).toFixed(1), "target < 50"],
  ["p95 ms", pct(sorted, 95).toFixed(1), ""],
  ["p99 ms", pct(sorted, 99).toFixed(1), "target < 250"],
  ["max ms", sorted[sorted.length - 1].toFixed(1), ""],
  ["grades/s", (N / (wallMs / 1000)).toFixed(1), "target >= 40"],
];
const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`| ${"metric".padEnd(w0)} | ${"value".padEnd(w1)} | note |`);
console.log(`|${"-".repeat(w0 + 2)}|${"-".repeat(w1 + 2)}|------|`);
for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} |`);
process.exit(bad ? 1 : 0);
