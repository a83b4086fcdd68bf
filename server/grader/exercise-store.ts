// Loads ONE exercise by id (not the whole library): a grader must keep grading conv2d while an
// author has a half-written exercise elsewhere in the folder, which loadExerciseLibrary() would
// reject as a whole. Used by the pool (metadata only, for deadlines) and by workers (checks too).
import fs from "node:fs";
import path from "node:path";
import { parseExerciseJson, type ExerciseJson } from "../exercises/schema";
import { loadChecks } from "../exercises/loader";
import type { ExerciseChecks, TestCase } from "./exercise-api";
import { createRng } from "./rng";

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class UnknownExerciseError extends Error {}

const metaCache = new Map<string, { mtimeMs: number; meta: ExerciseJson }>();

/** exercise.json of one exercise, validated; re-read when the file changes. */
export function readExerciseMeta(dir: string, id: string): ExerciseJson {
  if (typeof id !== "string" || !ID.test(id)) throw new UnknownExerciseError(`invalid exercise id ${JSON.stringify(String(id).slice(0, 80))}`);
  const file = path.join(dir, id, "exercise.json");
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UnknownExerciseError(`unknown exercise "${id}"`);
  }
  const key = file;
  const hit = metaCache.get(key);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.meta;
  const parsed = parseExerciseJson(id, fs.readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  metaCache.set(key, { mtimeMs: stat.mtimeMs, meta: parsed.meta });
  return parsed.meta;
}

export interface LoadedExercise {
  meta: ExerciseJson;
  checks: ExerciseChecks;
  /** all cases of a seed; the same objects for the same seed, so expected outputs memoise on them */
  cases(seed: number): TestCase[];
}

const loaded = new Map<string, Promise<LoadedExercise>>();

/** Worker side: metadata + checks.ts, loaded once per process (checks.ts changes need a worker restart). */
export function loadExercise(dir: string, id: string): Promise<LoadedExercise> {
  dir = path.resolve(dir); // loadChecks imports by path: a relative one would read as a package name
  const key = path.join(dir, id);
  let p = loaded.get(key);
  if (!p) {
    p = (async () => {
      const meta = readExerciseMeta(dir, id);
      // the grader reads exercise.json and checks.ts only: never the reference solution
      const checks = memoise(await loadChecks({ meta, dir: path.join(dir, id) }));
      const byseed = new Map<number, TestCase[]>();
      return {
        meta,
        checks,
        cases(seed: number) {
          let c = byseed.get(seed);
          if (c) {
            byseed.delete(seed);
          } else {
            c = checks.cases(createRng(seed));
          }
          byseed.set(seed, c);
          if (byseed.size > 512) byseed.delete(byseed.keys().next().value as number);
          return c;
        },
      };
    })();
    loaded.set(key, p);
    p.catch(() => loaded.delete(key)); // a broken checks.ts may be fixed; try again next job
  }
  return p;
}

/**
 * Expected outputs (tfjs work) and known-mistake outputs depend only on the args, so they are
 * cached on the args array itself: a student re-submitting with their seed pays for them once.
 */
function memoise(checks: ExerciseChecks): ExerciseChecks {
  const cacheOf = (fn: (args: unknown[]) => unknown) => {
    const cache = new WeakMap<object, Promise<unknown>>();
    return (args: unknown[]) => {
      let v = cache.get(args);
      if (!v) {
        v = Promise.resolve().then(() => fn(args));
        cache.set(args, v);
      }
      return v;
    };
  };
  return {
    ...checks,
    expected: cacheOf((a) => checks.expected(a)),
    mistakes: checks.mistakes?.map((m) => ({ ...m, output: cacheOf((a) => m.output(a)) })),
  };
}
