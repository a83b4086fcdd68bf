// Reads, compiles and runs the lesson files content/lessons/<slug>.<locale>.mdx on the server.
//
// Each (unit, language) pair is compiled once per server process and kept: the result depends only
// on the file, and the MDX output already holds the rendered KaTeX, so a request just renders a
// React tree. Outside production the cache key includes the file's mtime, so edits show up on reload.
import fs from "node:fs/promises";
import path from "node:path";
import type { ComponentType } from "react";
import * as jsxRuntime from "react/jsx-runtime";
import { run } from "@mdx-js/mdx";
import type { MDXComponents } from "mdx/types";
import { z } from "zod";
import type { Locale } from "../i18n/locales";
import { compileLesson, type TocEntry } from "./compile";
import { lessonUnit, LESSON_UNITS } from "./units";

/** content/lessons of the app (statically scoped, so the build traces only that folder) */
export const LESSONS_DIR = path.join(process.cwd(), "content", "lessons");

/** `export const meta = {…}` at the top of every lesson file */
export const lessonMetaSchema = z
  .object({
    title: z.string().min(1),
    summary: z.string().min(1),
    /** estimated reading time, minutes */
    minutes: z.number().int().positive(),
  })
  .strict();
export type LessonMeta = z.infer<typeof lessonMetaSchema>;

export interface Lesson {
  slug: string;
  locale: Locale;
  meta: LessonMeta;
  toc: TocEntry[];
  problems: string[];
  Content: ComponentType<{ components?: MDXComponents }>;
}

export function lessonFile(slug: string, locale: Locale, dir = LESSONS_DIR): string {
  return path.join(dir, `${slug}.${locale}.mdx`);
}

async function build(slug: string, locale: Locale, file: string): Promise<Lesson> {
  const source = await fs.readFile(file, "utf8");
  const compiled = await compileLesson(source, path.relative(process.cwd(), file));
  const mod = await run(compiled.code, { ...jsxRuntime, baseUrl: import.meta.url });
  const meta = lessonMetaSchema.safeParse((mod as { meta?: unknown }).meta);
  if (!meta.success) throw new Error(`${file}: export const meta is invalid: ${meta.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  if (compiled.problems.length) console.warn(`lesson ${slug}.${locale}:\n  ${compiled.problems.join("\n  ")}`);
  return { slug, locale, meta: meta.data, toc: compiled.toc, problems: compiled.problems, Content: mod.default as Lesson["Content"] };
}

const KEY = Symbol.for("convlab.lessons.cache");
type CacheHolder = { [KEY]?: Map<string, Promise<Lesson>> };

function cache(): Map<string, Promise<Lesson>> {
  const g = globalThis as CacheHolder;
  return (g[KEY] ??= new Map());
}

/** The compiled lesson, or undefined for an unknown unit. Throws if the file is missing or broken. */
export async function getLesson(slug: string, locale: Locale, dir = LESSONS_DIR): Promise<Lesson | undefined> {
  if (!lessonUnit(slug)) return undefined;
  const file = lessonFile(slug, locale, dir);
  let key = `${file}`;
  if (process.env.NODE_ENV !== "production") key += `@${(await fs.stat(file)).mtimeMs}`;
  const map = cache();
  let lesson = map.get(key);
  if (!lesson) {
    lesson = build(slug, locale, file);
    map.set(key, lesson);
    // a failed compile is not cached, so a fixed file is picked up by the next request
    lesson.catch(() => map.delete(key));
  }
  return lesson;
}

export async function getAllLessons(locale: Locale, dir = LESSONS_DIR): Promise<Lesson[]> {
  return Promise.all(LESSON_UNITS.map(async (u) => (await getLesson(u.slug, locale, dir))!));
}
