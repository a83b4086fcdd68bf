// An author's broken exercise folder: the library loader lists every problem at once, and the
// grader's one-exercise store refuses only that exercise (the others keep loading).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExerciseLibraryError, loadExerciseLibrary } from "../../server/exercises/loader";
import { readExerciseMeta, UnknownExerciseError } from "../../server/grader/exercise-store";

const SOURCE = path.resolve("exercises/conv2d-single");
let dir: string;

function copyExercise(name: string, edit: (json: Record<string, unknown>) => unknown) {
  const to = path.join(dir, name);
  fs.cpSync(SOURCE, to, { recursive: true });
  const json = JSON.parse(fs.readFileSync(path.join(to, "exercise.json"), "utf8"));
  const out = edit(json);
  fs.writeFileSync(path.join(to, "exercise.json"), typeof out === "string" ? out : JSON.stringify(out));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "convlab-exercises-"));
  copyExercise("good-one", (j) => ({ ...j, id: "good-one" }));
  copyExercise("bad-json", () => "{ not json");
  copyExercise("wrong-id", (j) => ({ ...j, id: "something-else", uuid: "00000000-0000-4000-8000-000000000002" }));
  copyExercise("bad-points", (j) => ({ ...j, id: "bad-points", points: -1, uuid: "00000000-0000-4000-8000-000000000003" }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("exercise folders with mistakes", () => {
  it("the library loader reports every broken exercise.json in one error", () => {
    let err: unknown;
    try {
      loadExerciseLibrary(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExerciseLibraryError);
    const problems = (err as ExerciseLibraryError).problems;
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^bad-json\/exercise\.json: invalid JSON/),
      'wrong-id/exercise.json: id "something-else" must equal the folder name',
      expect.stringMatching(/^bad-points\/exercise\.json: points: /),
    ]));
    expect(problems.some((p) => p.startsWith("good-one"))).toBe(false);
  });

  it("the grader's store loads the good exercise and refuses each broken one with the same message", () => {
    expect(readExerciseMeta(dir, "good-one").id).toBe("good-one");
    expect(() => readExerciseMeta(dir, "bad-json")).toThrow(/^bad-json\/exercise\.json: invalid JSON/);
    expect(() => readExerciseMeta(dir, "wrong-id")).toThrow('wrong-id/exercise.json: id "something-else" must equal the folder name');
    expect(() => readExerciseMeta(dir, "bad-points")).toThrow(/^bad-points\/exercise\.json: points: /);
    expect(() => readExerciseMeta(dir, "missing")).toThrow(UnknownExerciseError);
    expect(() => readExerciseMeta(dir, "../escape")).toThrow(UnknownExerciseError);
  });
});
