// exercise.*: what the exercise page and the student's home need to show an exercise.
//
// Only the PUBLIC parts of an exercise folder ever leave the server: exercise.json fields picked one
// by one (never spread), the two prompts and starter.ts. solution.ts and checks.ts are not even
// read here, so neither the reference solution nor the hidden test inputs can end up in a response
// (tests/integration/exercise-api.test.ts checks every exercise of the library).
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { protectedProcedure, router } from "../trpc";
import { appError } from "../errors";
import { UserFacingError } from "../../errors";
import { exerciseJsonSchema, type ExerciseJson } from "../../exercises/schema";
import { deadlinesFor, windowState } from "../../grading/policy";
import { UNITS, unitOfTopic } from "../catalogue/units";
import { DEMO_COURSE } from "../../seed/course";
import { lessonHref } from "../../lessons/units";
import type { Database } from "../../db/client";

const slugSchema = z.string().trim().min(1).max(100).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const idSchema = z.string().min(1).max(64);

/** Exercise folders, read at call time (CONVLAB_EXERCISES_DIR overrides, as in the loader). */
export function exercisesDir(): string {
  // turbopackIgnore: read at run time, not traced into the build output
  return path.resolve(/* turbopackIgnore: true */ process.env.CONVLAB_EXERCISES_DIR ?? path.join(process.cwd(), "exercises"));
}

export interface PublicExerciseFiles {
  id: string;
  version: number;
  title: { zh: string; en: string };
  topic: string;
  order: number;
  points: number;
  signature: string;
  /** name of the function the grader calls */
  entry: string;
  limits: { cpuMsPerTest: number; wallMs: number; memoryMb: number };
  prompt: { zh: string; en: string };
  starter: string;
}

/** The name of the function in a signature such as "function conv2d(input: …): …". */
export function entryOf(signature: string): string {
  return /^(?:export\s+)?function\s+([A-Za-z_$][\w$]*)/.exec(signature.trim())?.[1] ?? "";
}

export class UnknownExerciseError extends Error {}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** exercise.json of one exercise, validated. Deliberately not server/grader/exercise-store: that
 *  module can load checks.ts, and nothing on this path should be able to. */
async function readMeta(dir: string, id: string): Promise<ExerciseJson> {
  if (!ID.test(id)) throw new UnknownExerciseError(`invalid exercise id`);
  let raw: string;
  try {
    raw = await fs.readFile(path.join(/* turbopackIgnore: true */ dir, id, "exercise.json"), "utf8");
  } catch {
    throw new UnknownExerciseError(`unknown exercise "${id}"`);
  }
  const parsed = exerciseJsonSchema.safeParse(JSON.parse(raw));
  if (!parsed.success || parsed.data.id !== id) throw new Error(`${id}/exercise.json is invalid`);
  return parsed.data;
}

/**
 * Reads the public files of one exercise: exercise.json, the two prompts and starter.ts, nothing
 * else. Throws UnknownExerciseError for an unknown or malformed id (checked before touching the disk).
 */
export async function readPublicExercise(slug: string, dir = exercisesDir()): Promise<PublicExerciseFiles> {
  const meta = await readMeta(dir, slug);
  const read = (f: "prompt.zh.md" | "prompt.en.md" | "starter.ts") => fs.readFile(path.join(/* turbopackIgnore: true */ dir, slug, f), "utf8").catch(() => "");
  const [zh, en, starter] = await Promise.all([read("prompt.zh.md"), read("prompt.en.md"), read("starter.ts")]);
  return {
    id: meta.id,
    version: meta.version,
    title: { zh: meta.title.zh, en: meta.title.en },
    topic: meta.topic,
    order: meta.order,
    points: meta.points,
    signature: meta.signature,
    entry: entryOf(meta.signature),
    limits: { cpuMsPerTest: meta.limits.cpuMsPerTest, wallMs: meta.limits.wallMs, memoryMb: meta.limits.memoryMb },
    prompt: { zh, en },
    starter,
  };
}

type Prisma = Database["prisma"];

/** The assignment the student opened the exercise from, with their own (extended) deadlines. */
async function assignmentView(prisma: Prisma, userId: string, assignmentId: string, exerciseId: string, now = new Date()) {
  const a = await prisma.assignment.findUnique({
    where: { id: assignmentId },
    include: {
      items: { where: { exerciseId }, select: { points: true } },
      extensions: { where: { userId } },
      class: { select: { name: true, enrollments: { where: { userId }, select: { id: true } } } },
    },
  });
  // not enrolled is "not found", like someone else's submission: don't confirm it exists
  if (!a || a.class.enrollments.length === 0) throw new UserFacingError("NOT_FOUND", { en: "Assignment not found.", zh: "找不到该作业。" });
  if (a.items.length === 0) throw new UserFacingError("NOT_FOUND", { en: "This exercise is not part of that assignment.", zh: "该练习不属于这个作业。" });
  const d = deadlinesFor({ openAt: a.openAt, dueAt: a.dueAt, lateUntil: a.lateUntil, latePenalty: a.latePenalty }, a.extensions[0]);
  return {
    id: a.id,
    title: a.title,
    className: a.class.name,
    openAt: d.openAt,
    dueAt: d.dueAt,
    lateUntil: d.lateUntil,
    latePenalty: a.latePenalty,
    extended: a.extensions.length > 0,
    attemptLimit: a.attemptLimit,
    countPolicy: a.countPolicy,
    points: a.items[0].points,
    state: windowState(d, now),
  };
}

export const exerciseRouter = router({
  /** Everything the exercise page shows, and nothing a student must not see. */
  get: protectedProcedure.input(z.object({ slug: slugSchema, assignmentId: idSchema.nullish() })).query(async ({ ctx, input }) => {
    const prisma = ctx.db.prisma;
    const row = await prisma.exercise.findUnique({ where: { slug: input.slug }, select: { id: true, slug: true, topic: true, order: true, currentVersion: true } });
    if (!row) throw appError("NOT_FOUND", "errors.notFound");
    let files: PublicExerciseFiles;
    try {
      files = await readPublicExercise(row.slug);
    } catch (e) {
      if (e instanceof UnknownExerciseError) throw appError("NOT_FOUND", "errors.notFound");
      throw e;
    }
    const unit = unitOfTopic(row.topic);
    // neighbours inside the unit, in course order, for "previous / next exercise"
    const siblings = unit
      ? await prisma.exercise.findMany({
          where: { topic: { in: [...unit.topics] }, course: { slug: DEMO_COURSE.slug } },
          select: { slug: true, topic: true, order: true, titleZh: true, titleEn: true },
          orderBy: [{ order: "asc" }, { slug: "asc" }],
        })
      : [];
    const ordered = unit ? unit.topics.flatMap((t) => siblings.filter((s) => s.topic === t)) : [];
    const at = ordered.findIndex((s) => s.slug === row.slug);
    const link = (s: (typeof ordered)[number] | undefined) => (s ? { slug: s.slug, title: { zh: s.titleZh, en: s.titleEn } } : null);
    return {
      slug: row.slug,
      version: row.currentVersion,
      title: files.title,
      topic: files.topic,
      unitKey: unit?.key ?? null,
      unitTitleKey: unit?.titleKey ?? null,
      points: files.points,
      signature: files.signature,
      entry: files.entry,
      limits: files.limits,
      prompt: files.prompt,
      starter: files.starter,
      lessonHref: lessonHref(files.topic) ?? null,
      position: at >= 0 ? { index: at + 1, count: ordered.length } : null,
      prev: at > 0 ? link(ordered[at - 1]) : null,
      next: at >= 0 ? link(ordered[at + 1]) : null,
      assignment: input.assignmentId ? await assignmentView(prisma, ctx.user.id, input.assignmentId, row.id) : null,
    };
  }),

  /** The signed-in user's progress: solved / attempted / total per unit, and their latest graded submissions. */
  progress: protectedProcedure.query(async ({ ctx }) => {
    const prisma = ctx.db.prisma;
    const [exercises, best, recent] = await Promise.all([
      prisma.exercise.findMany({
        where: { course: { slug: DEMO_COURSE.slug } },
        select: { id: true, slug: true, topic: true, order: true, titleZh: true, titleEn: true, points: true },
        orderBy: [{ order: "asc" }, { slug: "asc" }],
      }),
      prisma.submission.groupBy({
        by: ["exerciseId"],
        where: { userId: ctx.user.id, kind: "SUBMIT", status: "GRADED" },
        _max: { score: true },
        _count: { _all: true },
      }),
      prisma.submission.findMany({
        where: { userId: ctx.user.id, kind: "SUBMIT", status: { in: ["GRADED", "ERROR"] } },
        orderBy: { finishedAt: "desc" },
        take: 6,
        select: {
          id: true,
          resultStatus: true,
          score: true,
          points: true,
          maxPoints: true,
          finishedAt: true,
          assignmentId: true,
          exercise: { select: { slug: true, titleZh: true, titleEn: true } },
        },
      }),
    ]);
    const bestOf = new Map(best.map((b) => [b.exerciseId, b._max.score ?? 0]));
    const units = UNITS.map((unit) => {
      const list = unit.topics.flatMap((t) => exercises.filter((e) => e.topic === t));
      const rows = list.map((e) => {
        const score = bestOf.get(e.id);
        return { slug: e.slug, best: score ?? null, solved: score != null && score >= 0.999999 };
      });
      return {
        key: unit.key,
        titleKey: unit.titleKey,
        total: list.length,
        solved: rows.filter((r) => r.solved).length,
        attempted: rows.filter((r) => r.best != null).length,
        exercises: rows,
      };
    });
    return {
      units,
      recent: recent.map((r) => ({
        id: r.id,
        slug: r.exercise.slug,
        title: { zh: r.exercise.titleZh, en: r.exercise.titleEn },
        resultStatus: r.resultStatus,
        score: r.score,
        points: r.points,
        maxPoints: r.maxPoints,
        finishedAt: r.finishedAt,
        assignmentId: r.assignmentId,
      })),
    };
  }),
});
