// Keeps the Exercise / ExerciseVersion tables in step with the exercise folders. Runs on every
// start: new folders become exercises (version 1); a folder whose content hash changed gets its
// currentVersion bumped and a new ExerciseVersion row, so old submissions keep pointing at the
// version they were graded against. Folders that disappear are left in the catalogue, because
// submissions reference them.
import fs from "node:fs";
import type { Database } from "../db/client";
import { EXERCISES_DIR, loadExerciseLibrary } from "../exercises/loader";
import { hashFolder } from "./content-hash";
import { ensureDemoCourse } from "./course";

export interface CatalogueSyncResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

export async function syncExerciseCatalogue(db: Database, opts: { dir?: string } = {}): Promise<CatalogueSyncResult> {
  const dir = opts.dir ?? EXERCISES_DIR;
  const result: CatalogueSyncResult = { created: [], updated: [], unchanged: [] };
  if (!fs.existsSync(dir)) return result;
  const library = loadExerciseLibrary(dir);
  const prisma = db.prisma;
  const course = await ensureDemoCourse(prisma);

  for (const [slug, files] of library) {
    const { meta } = files;
    const contentHash = hashFolder(files.dir);
    const fields = { uuid: meta.uuid, topic: meta.topic, order: meta.order, titleZh: meta.title.zh, titleEn: meta.title.en, points: meta.points };
    const existing = await prisma.exercise.findUnique({
      where: { slug },
      include: { versions: { orderBy: { version: "desc" }, take: 1 } },
    });
    if (!existing) {
      await prisma.exercise.create({
        data: { slug, courseId: course.id, ...fields, currentVersion: 1, versions: { create: { version: 1, contentHash } } },
      });
      result.created.push(slug);
    } else if (existing.versions[0]?.contentHash !== contentHash) {
      const next = existing.currentVersion + 1;
      await prisma.exercise.update({
        where: { id: existing.id },
        data: { ...fields, currentVersion: next, versions: { create: { version: next, contentHash } } },
      });
      result.updated.push(slug);
    } else {
      result.unchanged.push(slug);
    }
  }
  return result;
}
