// The exercise folders the API tests walk: every folder with a valid exercise.json and all of its
// files (a half-written exercise is skipped here; the library's own tests report it).
import fs from "node:fs";
import path from "node:path";
import { readExerciseMeta } from "../../../server/grader/exercise-store";

const FILES = ["prompt.zh.md", "prompt.en.md", "starter.ts", "solution.ts", "checks.ts"];

export function completeExercises(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("_") && !d.name.startsWith("."))
    .map((d) => d.name)
    .filter((id) => {
      try {
        readExerciseMeta(dir, id);
        return FILES.every((f) => fs.existsSync(path.join(dir, id, f)));
      } catch {
        return false;
      }
    })
    .sort();
}
