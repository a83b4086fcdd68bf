// Runs OUR OWN trusted code (reference solutions, starters, known-wrong fixtures) in-process to
// test the checks of the exercise library quickly. Student code never goes through here: it
// runs only in the sandbox (server/grader/sandbox*). Arguments and results cross a JSON round
// trip, exactly as they do at the sandbox boundary.
import path from "node:path";
import type { TestCase } from "../../server/grader/exercise-api";
import type { Caller } from "../../server/grader/score";

export function materialiseArgs(args: unknown[]): unknown[] {
  return (JSON.parse(JSON.stringify(args)) as unknown[]).map((a) => {
    if (a && typeof a === "object" && !Array.isArray(a) && Array.isArray((a as { __rand?: unknown }).__rand)) {
      const seq = (a as { __rand: number[] }).__rand;
      let i = 0;
      return () => seq[i++ % seq.length];
    }
    return a;
  });
}

export async function inProcessCaller(file: string, entry: string): Promise<Caller> {
  const mod = (await import(path.resolve(file))) as Record<string, (...a: unknown[]) => unknown>;
  const fn = mod[entry];
  if (typeof fn !== "function") throw new Error(`${file} does not export ${entry}`);
  return async (test: TestCase) => {
    try {
      const value = fn(...materialiseArgs(test.args));
      return { ok: true, value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) };
    } catch (e) {
      return { ok: false, kind: "runtime_error", message: { en: String((e as Error).message), zh: String((e as Error).message) } };
    }
  };
}
