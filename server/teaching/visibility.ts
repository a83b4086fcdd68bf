// Which hidden-test details a student may see. Per test group, the assignment's setting wins over
// the exercise's default (exercise.json "testVisibility"); "*" in the assignment's map is its
// default for groups it does not name. "always" shows the hidden test's message at once,
// "after_due" once the student's (extended) due date has passed, "never" keeps only pass/fail and
// points. Public tests are always shown in full.
import { z } from "zod";
import type { GradeResult } from "../grader/result-schema";
import { readExerciseMeta } from "../grader/exercise-store";
import { EXERCISES_DIR } from "../exercises/loader";

export const visibilityLevel = z.enum(["always", "after_due", "never"]);
export type VisibilityLevel = z.infer<typeof visibilityLevel>;
export const visibilityMap = z.record(z.string().min(1).max(100), visibilityLevel);
export type VisibilityMap = z.infer<typeof visibilityMap>;

export function parseVisibility(json: unknown): VisibilityMap {
  const r = visibilityMap.safeParse(json);
  return r.success ? r.data : {};
}

/** exercise.json defaults; {} when the exercise folder is not available in this process */
export function exerciseVisibility(slug: string, dir = EXERCISES_DIR): VisibilityMap {
  try {
    return readExerciseMeta(dir, slug).testVisibility;
  } catch {
    return {};
  }
}

export function levelFor(group: string | undefined, assignment: VisibilityMap | null, exercise: VisibilityMap): VisibilityLevel {
  const g = group ?? "";
  return (assignment && (assignment[g] ?? assignment["*"])) ?? exercise[g] ?? exercise["*"] ?? "never";
}

export function redactByGroup(result: GradeResult, opts: { assignment: VisibilityMap | null; exercise: VisibilityMap; afterDue: boolean }): GradeResult {
  return {
    ...result,
    tests: result.tests.map((t) => {
      if (t.visibility === "public") return t;
      const level = levelFor(t.group, opts.assignment, opts.exercise);
      const reveal = level === "always" || (level === "after_due" && opts.afterDue);
      return reveal ? t : { name: t.name, passed: t.passed, points: t.points, maxPoints: t.maxPoints, visibility: t.visibility, group: t.group, mistake: t.mistake };
    }),
  };
}

/**
 * The result as its student may see it (used by server/grading/submissions.ts getOwnSubmission):
 * per-group visibility of the submission's assignment, the exercise's defaults otherwise.
 */
export async function studentVisibleResult(
  prisma: { extension: { findUnique(args: { where: { assignmentId_userId: { assignmentId: string; userId: string } }; select: { dueAt: true } }): Promise<{ dueAt: Date } | null> } },
  s: { userId: string; assignmentId: string | null; exerciseSlug: string; assignment: { dueAt: Date; visibility: unknown } | null },
  result: GradeResult,
  now = new Date(),
): Promise<GradeResult> {
  let afterDue = false;
  if (s.assignment && s.assignmentId) {
    const ext = await prisma.extension.findUnique({ where: { assignmentId_userId: { assignmentId: s.assignmentId, userId: s.userId } }, select: { dueAt: true } });
    afterDue = now > (ext?.dueAt ?? s.assignment.dueAt);
  }
  return redactByGroup(result, { assignment: s.assignment ? parseVisibility(s.assignment.visibility) : null, exercise: exerciseVisibility(s.exerciseSlug), afterDue });
}
