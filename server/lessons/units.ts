// The four lesson units, in course order. `unitKey` is the key of the same unit in the course
// catalogue (server/api/catalogue/units.ts), so the home page and the lessons agree on titles and on
// which exercise topics belong to which unit. Lesson texts live in content/lessons/<slug>.<locale>.mdx.
import type { Locale } from "../i18n/locales";

export interface LessonUnit {
  /** URL segment: /lessons/<slug> */
  slug: string;
  /** key in server/api/catalogue/units.ts (UNITS) */
  unitKey: "convolution" | "pooling" | "optimization" | "cnnCtc";
  /** exercise.json "topic" values shown with this lesson */
  topics: readonly string[];
}

export const LESSON_UNITS: readonly LessonUnit[] = [
  { slug: "convolution", unitKey: "convolution", topics: ["convolution"] },
  { slug: "pooling", unitKey: "pooling", topics: ["pooling"] },
  { slug: "optimization", unitKey: "optimization", topics: ["optimization"] },
  { slug: "cnn-ctc", unitKey: "cnnCtc", topics: ["ctc", "model"] },
];

export const LESSON_LOCALES: readonly Locale[] = ["zh", "en"];

export function lessonUnit(slug: string): LessonUnit | undefined {
  return LESSON_UNITS.find((u) => u.slug === slug);
}

/** where the lesson of a catalogue unit lives, for links from the home page and exercise pages */
export function lessonHref(unitKeyOrTopic: string): string | undefined {
  const unit = LESSON_UNITS.find((u) => u.unitKey === unitKeyOrTopic || u.slug === unitKeyOrTopic || u.topics.includes(unitKeyOrTopic));
  return unit ? `/lessons/${unit.slug}` : undefined;
}

/** previous and next unit, for the links at the end of a lesson */
export function neighbours(slug: string): { prev?: LessonUnit; next?: LessonUnit } {
  const i = LESSON_UNITS.findIndex((u) => u.slug === slug);
  if (i < 0) return {};
  return { prev: LESSON_UNITS[i - 1], next: LESSON_UNITS[i + 1] };
}
