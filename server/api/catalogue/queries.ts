// Read-only views of the course catalogue for the landing and course home pages (the exercise
// page's data is exercise.get, server/api/routers/exercise.ts).
import type { PrismaClient } from "../../db/generated/client";
import { DEMO_COURSE } from "../../seed/course";
import { UNITS } from "./units";

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
