// Read-only views of the course catalogue for the home and exercise pages.
import fs from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../../db/generated/client";
import { DEMO_COURSE } from "../../seed/course";
import { UNITS, unitOfTopic } from "./units";

const exerciseCard = { slug: true, topic: true, order: true, titleZh: true, titleEn: true, points: true } as const;

export async function courseOverview(prisma: PrismaClient) {
  const course = await prisma.course.findUnique({
    where: { slug: DEMO_COURSE.slug },
    select: { slug: true, titleZh: true, titleEn: true, summaryZh: true, summaryEn: true, _count: { select: { exercises: true } } },
  });
  if (!course) return null;
  const { _count, ...rest } = course;
  return { ...rest, unitCount: UNITS.length, exerciseCount: _count.exercises };
}

export async function courseHome(prisma: PrismaClient) {
  const course = await courseOverview(prisma);
  const exercises = await prisma.exercise.findMany({
    where: { course: { slug: DEMO_COURSE.slug } },
    select: exerciseCard,
    orderBy: [{ order: "asc" }, { slug: "asc" }],
  });
  const units = UNITS.map((unit) => ({
    key: unit.key,
    titleKey: unit.titleKey,
    summaryKey: unit.summaryKey,
    // within a unit: topics in the unit's order, then the exercise's own order
    exercises: unit.topics.flatMap((topic) => exercises.filter((e) => e.topic === topic)),
  }));
  return { course, units };
}

/** Exercise folders live next to the app (CONVLAB_EXERCISES_DIR overrides, as in the loader). */
function exercisesDir(): string {
  // turbopackIgnore: read at run time, not traced into the build output
  return path.resolve(/* turbopackIgnore: true */ process.env.CONVLAB_EXERCISES_DIR ?? path.join(process.cwd(), "exercises"));
}

async function readPrompt(slug: string, locale: "zh" | "en"): Promise<string | null> {
  try {
    return await fs.readFile(path.join(exercisesDir(), slug, `prompt.${locale}.md`), "utf8");
  } catch {
    return null;
  }
}

/** The exercise page's data; the slug is checked against the catalogue before touching the disk. */
export async function exerciseSummary(prisma: PrismaClient, slug: string) {
  const exercise = await prisma.exercise.findUnique({
    where: { slug },
    select: { ...exerciseCard, currentVersion: true },
  });
  if (!exercise) return null;
  const [promptZh, promptEn] = await Promise.all([readPrompt(slug, "zh"), readPrompt(slug, "en")]);
  return { ...exercise, unitKey: unitOfTopic(exercise.topic)?.key ?? null, prompt: { zh: promptZh, en: promptEn } };
}
