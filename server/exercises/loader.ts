// Loads and validates the exercise library from exercises/<id>/. Collects every problem of
// every exercise before failing, so one run shows the author the whole list.
import fs from "node:fs";
import path from "node:path";
import { parseExerciseJson, type ExerciseJson } from "./schema";
import type { ExerciseChecks } from "../grader/exercise-api";

export const EXERCISES_DIR = path.resolve(/* turbopackIgnore: true */ process.env.CONVLAB_EXERCISES_DIR ?? path.join(process.cwd(), "exercises"));

export interface ExerciseFiles {
  meta: ExerciseJson;
  dir: string;
  prompt: { zh: string; en: string };
  starter: string;
  /** reference solution: server-only, never returned by an API */
  solution: string;
}

export class ExerciseLibraryError extends Error {
  constructor(public readonly problems: string[]) {
    super(`exercise library has ${problems.length} problem(s):\n - ${problems.join("\n - ")}`);
  }
}

const REQUIRED = ["exercise.json", "prompt.zh.md", "prompt.en.md", "starter.ts", "solution.ts", "checks.ts"] as const;

export function loadExerciseLibrary(dir = EXERCISES_DIR): Map<string, ExerciseFiles> {
  const problems: string[] = [];
  const out = new Map<string, ExerciseFiles>();
  const uuids = new Map<string, string>();
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith("_") && !d.name.startsWith("."));
  for (const entry of entries) {
    const exDir = path.join(dir, entry.name);
    const missing = REQUIRED.filter((f) => !fs.existsSync(path.join(exDir, f)));
    for (const f of missing) problems.push(`${entry.name}: missing ${f}`);
    if (missing.includes("exercise.json")) continue;
    const parsed = parseExerciseJson(entry.name, fs.readFileSync(path.join(exDir, "exercise.json"), "utf8"));
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const meta = parsed.meta;
    const other = uuids.get(meta.uuid);
    if (other) problems.push(`${entry.name}/exercise.json: uuid ${meta.uuid} is also used by ${other}`);
    uuids.set(meta.uuid, entry.name);
    if (missing.length) continue;
    const read = (f: string) => fs.readFileSync(path.join(exDir, f), "utf8");
    const files: ExerciseFiles = { meta, dir: exDir, prompt: { zh: read("prompt.zh.md"), en: read("prompt.en.md") }, starter: read("starter.ts"), solution: read("solution.ts") };
    for (const [name, text] of [["starter.ts", files.starter], ["solution.ts", files.solution]] as const) {
      const fn = meta.signature.match(/^(?:export\s+)?function\s+([A-Za-z_$][\w$]*)/)?.[1];
      if (!fn) problems.push(`${entry.name}/exercise.json: signature must start with "function name("`);
      else if (!new RegExp(`export\\s+function\\s+${fn}\\s*\\(`).test(text)) problems.push(`${entry.name}/${name}: must export function ${fn}`);
    }
    out.set(meta.id, files);
  }
  if (problems.length) throw new ExerciseLibraryError(problems);
  return out;
}

/** checks.ts is TypeScript; the grader runs under tsx/vitest/Next, which all import .ts directly. */
export async function loadChecks(files: Pick<ExerciseFiles, "meta" | "dir">): Promise<ExerciseChecks> {
  const mod = (await import(/* webpackIgnore: true */ path.join(files.dir, "checks.ts"))) as { default?: ExerciseChecks };
  if (!mod.default || typeof mod.default.cases !== "function") throw new Error(`${files.meta.id}/checks.ts must default-export defineChecks({...})`);
  return mod.default;
}
