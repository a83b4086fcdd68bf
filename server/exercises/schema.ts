// zod schema of exercises/<id>/exercise.json. The loader reports every problem of every
// exercise at once, so an author fixing the library sees the whole list in one run.
import { z } from "zod";

export const topics = ["convolution", "pooling", "optimization", "ctc", "model"] as const;

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

export const exerciseJsonSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "id must be kebab-case"),
    uuid: z.uuid(),
    version: z.number().int().positive(),
    title: bilingual,
    topic: z.enum(topics),
    /** order inside its topic, for lesson and home pages */
    order: z.number().int().nonnegative(),
    points: z.number().positive(),
    /** the signature shown to students and used for Monaco types */
    signature: z.string().min(1),
    limits: z
      .object({
        cpuMsPerTest: z.number().int().positive().max(10_000).default(1000),
        wallMs: z.number().int().positive().max(60_000).default(10_000),
        memoryMb: z.number().int().min(16).max(512).default(64),
        outputBytes: z.number().int().positive().max(16 * 1024 * 1024).default(1024 * 1024),
      })
      .prefault({}),
    /** per test group: "always" shows results at once, "after_due" after the deadline, "never" keeps them hidden */
    testVisibility: z.record(z.string(), z.enum(["always", "after_due", "never"])).default({}),
    /** relative-error tolerance for float comparisons */
    tolerance: z.number().positive().max(0.1).default(1e-5),
    lesson: z.string().optional(),
  })
  .strict();

export type ExerciseJson = z.infer<typeof exerciseJsonSchema>;

export type ParsedExerciseJson = { ok: true; meta: ExerciseJson } | { ok: false; problems: string[] };

/**
 * The text of `<folder>/exercise.json` -> its validated metadata, or every problem found (bad JSON,
 * each schema issue, an id that is not the folder name). Shared by the library loader (which lists
 * all problems of all exercises) and the grader's one-exercise store.
 */
export function parseExerciseJson(folder: string, text: string): ParsedExerciseJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`${folder}/exercise.json: invalid JSON (${(e as Error).message})`] };
  }
  const parsed = exerciseJsonSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${folder}/exercise.json: ${i.path.join(".") || "(root)"}: ${i.message}`) };
  if (parsed.data.id !== folder) return { ok: false, problems: [`${folder}/exercise.json: id "${parsed.data.id}" must equal the folder name`] };
  return { ok: true, meta: parsed.data };
}
