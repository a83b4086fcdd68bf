// The lesson pipeline and the lesson files: every lesson compiles, every formula renders with the
// pinned KaTeX, both languages share one structure (same section ids, same figures, same exercise
// anchors), and the lesson pages' helpers (units, exercise links) behave.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { compileLesson, renderMath, slugify } from "@/server/lessons/compile";
import { getLesson, lessonFile, LESSONS_DIR } from "@/server/lessons/load";
import { LESSON_LOCALES, LESSON_UNITS, lessonHref, neighbours } from "@/server/lessons/units";
import { exercisesForUnit, readExercises } from "@/server/lessons/exercises";
import { lessonText } from "@/server/lessons/chrome";
import { UNITS } from "@/server/api/catalogue/units";

const read = (slug: string, locale: string) => fs.readFileSync(path.join(LESSONS_DIR, `${slug}.${locale}.mdx`), "utf8");
/** JSX component names used in a lesson, with their props as written */
const jsxTags = (src: string) => [...src.matchAll(/<([A-Z][A-Za-z]*)\b([^>]*)\/?>/g)].map((m) => `${m[1]}${(m[2].match(/section="[^"]*"(\s+ids=\{[^}]*\})?/) ?? [""])[0]}`);
const practiceIds = (src: string) => [...src.matchAll(/<Practice [^>]*ids=\{(\[[^\]]*\])\}/g)].flatMap((m) => JSON.parse(m[1]) as string[]);
const practiceSections = (src: string) => [...src.matchAll(/<Practice section="([^"]+)"/g)].map((m) => m[1]);

describe("lesson compiler", () => {
  it("renders inline and display math with KaTeX 0.19 markup at compile time", async () => {
    const { code, problems, toc } = await compileLesson("## Intro {/* #intro */}\n\nInline $a_{ij}$.\n\n$$\n\\lfloor \\frac{n+2p-k}{s} \\rfloor + 1\n$$\n");
    expect(problems).toEqual([]);
    expect(toc).toEqual([{ depth: 2, id: "intro", text: "Intro" }]);
    expect(code).toContain("KatexInline");
    expect(code).toContain("KatexBlock");
    // class names of katex 0.19 (the stylesheet the pages import), not 0.16's "base"/"strut"
    expect(code).toContain("katex-base");
    expect(code).toContain("katex-display");
    expect(code).not.toContain("/* #intro */");
  });

  it("reports broken formulas and duplicate ids instead of failing silently", async () => {
    const { problems } = await compileLesson("## A {/* #x */}\n\n## B {/* #x */}\n\n$\\frac{1}{$\n");
    expect(problems.some((p) => p.includes("duplicate heading id"))).toBe(true);
    expect(problems.some((p) => p.includes("KaTeX"))).toBe(true);
    expect(renderMath("\\R^n", false).error).toBeUndefined();
    expect(renderMath("\\notacommand", false).error).toBeDefined();
  });

  it("falls back to a slug of the heading text", async () => {
    const { toc } = await compileLesson("## Hello World\n\n### 填充 与 步长\n");
    expect(toc.map((e) => e.id)).toEqual(["hello-world", "填充-与-步长"]);
    expect(slugify("  ")).toBe("section");
  });
});

describe("lesson files", () => {
  it("exist for every unit in both languages", () => {
    for (const unit of LESSON_UNITS) for (const locale of LESSON_LOCALES) expect(fs.existsSync(lessonFile(unit.slug, locale)), `${unit.slug}.${locale}`).toBe(true);
  });

  for (const unit of LESSON_UNITS) {
    it(`${unit.slug}: compiles without problems, and zh/en share sections, figures and exercise anchors`, async () => {
      const zhSrc = read(unit.slug, "zh");
      const enSrc = read(unit.slug, "en");
      const [zh, en] = await Promise.all([compileLesson(zhSrc, `${unit.slug}.zh.mdx`), compileLesson(enSrc, `${unit.slug}.en.mdx`)]);
      expect(zh.problems).toEqual([]);
      expect(en.problems).toEqual([]);
      expect(zh.toc.map((e) => `${e.depth}#${e.id}`)).toEqual(en.toc.map((e) => `${e.depth}#${e.id}`));
      expect(zh.toc.length).toBeGreaterThanOrEqual(6);
      // every heading has an explicit id (ASCII), so links work in both languages
      for (const e of zh.toc) expect(e.id).toMatch(/^[a-z0-9-]+$/);
      expect(jsxTags(zhSrc)).toEqual(jsxTags(enSrc));
      for (const s of practiceSections(zhSrc)) expect(zh.toc.some((e) => e.id === s), `Practice section "${s}" names a heading`).toBe(true);
      // the number of display formulas matches too (a formula dropped in one language shows up here)
      expect((zhSrc.match(/\$\$/g) ?? []).length).toBe((enSrc.match(/\$\$/g) ?? []).length);
    });
  }

  it("run and render on the server with metadata, figures and the course's numbers", async () => {
    const first = await getLesson("convolution", "zh");
    expect(first?.meta.title).toMatch(/卷积/);
    // every component a lesson may use; figures render as markers with their name
    const math = ({ html }: { html: string }) => createElement("span", { dangerouslySetInnerHTML: { __html: html } });
    const marker = (name: string) => (p: { children?: ReactNode; head?: string[]; rows?: unknown[][] }) =>
      createElement("x-figure", { "data-name": name }, p.children, p.head?.join(" | "), p.rows?.map((r) => r.join(" | ")).join("\n"));
    const components = {
      KatexInline: math,
      KatexBlock: math,
      ...Object.fromEntries(["Callout", "Table", "Practice", "LabLink", "ConvStepper", "PoolingDemo", "ReceptiveFieldCalculator", "OptimizerRace", "CtcAlignment"].map((n) => [n, marker(n)])),
    };
    for (const locale of LESSON_LOCALES) {
      for (const unit of LESSON_UNITS) {
        const lesson = await getLesson(unit.slug, locale);
        expect(lesson).toBeDefined();
        expect(lesson!.meta.minutes).toBeGreaterThan(0);
        const html = renderToStaticMarkup(createElement(lesson!.Content, { components }));
        expect(html).toContain('class="katex');
        expect(html).not.toContain("katex-error");
        if (unit.slug === "convolution") {
          expect(html).toContain('data-name="ConvStepper"');
          expect(html).toContain('data-name="ReceptiveFieldCalculator"');
          for (const n of ["25", "31", "43", "49", "73,856", "0.59"]) expect(html).toContain(n);
        }
        if (unit.slug === "pooling") {
          expect(html).toContain('data-name="PoolingDemo"');
          for (const n of ["3.75", "5.25", "3.25"]) expect(html).toContain(n);
        }
        if (unit.slug === "optimization") expect(html).toContain('data-name="OptimizerRace"');
        if (unit.slug === "cnn-ctc") {
          expect(html).toContain('data-name="CtcAlignment"');
          expect(html).toContain('data-name="LabLink"');
          for (const s of ["Ascend310B4", "--framework=1", "3848", "818,809,200", "-hh-e-l-ll-oo-"]) expect(html).toContain(s);
        }
      }
    }
  });

  it("links inline only to exercises that exist, and to each exercise at most once", () => {
    const known = new Set(readExercises().map((e) => e.id));
    if (!known.size) return; // no exercise library in this checkout
    const linked = LESSON_UNITS.flatMap((u) => practiceIds(read(u.slug, "zh")));
    for (const id of linked) expect(known.has(id), `exercise ${id} linked from a lesson`).toBe(true);
    expect(new Set(linked).size).toBe(linked.length);
  });

  it("has no unknown lesson", async () => {
    expect(await getLesson("nope", "zh")).toBeUndefined();
  });
});

describe("units, navigation and exercise links", () => {
  it("covers the catalogue's four units in order", () => {
    expect(LESSON_UNITS.map((u) => u.unitKey)).toEqual(UNITS.map((u) => u.key));
    for (const u of LESSON_UNITS) expect(UNITS.find((c) => c.key === u.unitKey)!.topics).toEqual(u.topics);
    expect(neighbours("convolution")).toEqual({ prev: undefined, next: LESSON_UNITS[1] });
    expect(neighbours("cnn-ctc").next).toBeUndefined();
    expect(lessonHref("cnnCtc")).toBe("/lessons/cnn-ctc");
    expect(lessonHref("ctc")).toBe("/lessons/cnn-ctc");
    expect(lessonHref("pooling")).toBe("/lessons/pooling");
  });

  it("reads exercise.json files leniently and groups them by topic or lesson anchor", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lessons-ex-"));
    const write = (id: string, json: object) => {
      fs.mkdirSync(path.join(dir, id));
      fs.writeFileSync(path.join(dir, id, "exercise.json"), JSON.stringify(json));
    };
    const base = { version: 1, points: 10, signature: "function f(): number" };
    write("conv-b", { ...base, id: "conv-b", uuid: "11111111-1111-4111-8111-111111111111", title: { zh: "乙", en: "B" }, topic: "convolution", order: 2 });
    write("conv-a", { ...base, id: "conv-a", uuid: "22222222-2222-4222-8222-222222222222", title: { zh: "甲", en: "A" }, topic: "convolution", order: 1, lesson: "convolution#padding" });
    write("ctc-x", { ...base, id: "ctc-x", uuid: "33333333-3333-4333-8333-333333333333", title: { zh: "丙", en: "C" }, topic: "ctc", order: 1 });
    write("model-y", { ...base, id: "model-y", uuid: "44444444-4444-4444-8444-444444444444", title: { zh: "丁", en: "D" }, topic: "model", order: 0 });
    // a pooling-topic exercise explicitly attached to the convolution lesson
    write("pool-z", { ...base, id: "pool-z", uuid: "55555555-5555-4555-8555-555555555555", title: { zh: "戊", en: "E" }, topic: "pooling", order: 9, lesson: "convolution" });
    write("broken", { id: "broken" });
    fs.mkdirSync(path.join(dir, "_drafts"));
    const all = readExercises(dir);
    expect(all.map((e) => e.id).sort()).toEqual(["conv-a", "conv-b", "ctc-x", "model-y", "pool-z"]);
    const conv = exercisesForUnit(LESSON_UNITS[0], all);
    expect(conv.map((e) => e.id)).toEqual(["conv-a", "conv-b", "pool-z"]);
    expect(conv[0]).toMatchObject({ section: "padding", lessonSlug: "convolution", href: "/exercises/conv-a" });
    expect(exercisesForUnit(LESSON_UNITS[1], all)).toEqual([]);
    expect(exercisesForUnit(LESSON_UNITS[3], all).map((e) => e.id)).toEqual(["ctc-x", "model-y"]);
    expect(readExercises(path.join(dir, "missing"))).toEqual([]);
  });

  it("has every chrome string in both languages", () => {
    expect(lessonText("zh", "lessons.minutes", { n: 30 })).toBe("约 30 分钟");
    expect(lessonText("en", "lessons.minutes", { n: 30 })).toBe("about 30 min");
  });
});
