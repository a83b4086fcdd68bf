// Which exercises a lesson links to, read straight from exercises/<id>/exercise.json (no database,
// so a lesson page works before the catalogue is synced). An exercise belongs to a lesson through
// its "topic" (the unit's topics, server/lessons/units.ts) or through its optional "lesson" field:
//   "lesson": "convolution"            → listed with the convolution lesson
//   "lesson": "convolution#padding"    → also shown inside the lesson, at <Practice section="padding" />
// A folder whose exercise.json is missing or invalid is skipped here; the catalogue sync reports it.
import fs from "node:fs";
import path from "node:path";
import { exerciseJsonSchema } from "../exercises/schema";
import { EXERCISES_DIR } from "../exercises/loader";
import { LESSON_UNITS, type LessonUnit } from "./units";

export interface LessonExercise {
  id: string;
  title: { zh: string; en: string };
  topic: string;
  order: number;
  points: number;
  /** unit slug from "lesson", if given */
  lessonSlug?: string;
  /** section id from "lesson" ("unit#section"), if given */
  section?: string;
  href: string;
}

export function readExercises(dir = EXERCISES_DIR): LessonExercise[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: LessonExercise[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, entry.name, "exercise.json"), "utf8"));
    } catch {
      continue;
    }
    const parsed = exerciseJsonSchema.safeParse(raw);
    if (!parsed.success || parsed.data.id !== entry.name) continue;
    const meta = parsed.data;
    const [lessonSlug, section] = meta.lesson ? meta.lesson.split("#", 2) : [];
    out.push({
      id: meta.id,
      title: meta.title,
      topic: meta.topic,
      order: meta.order,
      points: meta.points,
      lessonSlug: lessonSlug || undefined,
      section: section || undefined,
      href: `/exercises/${meta.id}`,
    });
  }
  return out;
}

/** The exercises of one unit, in course order (topic order of the unit, then "order", then id). */
export function exercisesForUnit(unit: LessonUnit, all: LessonExercise[]): LessonExercise[] {
  const known = new Set(LESSON_UNITS.map((u) => u.slug));
  const belongs = (e: LessonExercise) =>
    e.lessonSlug && known.has(e.lessonSlug) ? e.lessonSlug === unit.slug : unit.topics.includes(e.topic);
  const topicRank = (e: LessonExercise) => {
    const i = unit.topics.indexOf(e.topic);
    return i < 0 ? unit.topics.length : i;
  };
  return all.filter(belongs).sort((a, b) => topicRank(a) - topicRank(b) || a.order - b.order || a.id.localeCompare(b.id));
}
