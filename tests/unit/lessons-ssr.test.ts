// Server-side rendering of every lesson with the real page components (typography, callouts,
// tables, exercise links and the interactive figures' first render), in both languages.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { getLesson } from "@/server/lessons/load";
import { LESSON_LOCALES, LESSON_UNITS } from "@/server/lessons/units";
import { exercisesForUnit, type LessonExercise } from "@/server/lessons/exercises";
import { lessonComponents } from "@/app/lessons/_components/mdx-components";

const fakeExercises: LessonExercise[] = [
  { id: "conv2d-single", title: { zh: "单通道二维卷积", en: "Single-channel 2-D convolution" }, topic: "convolution", order: 1, points: 10, href: "/exercises/conv2d-single" },
  { id: "pad-demo", title: { zh: "填充", en: "Padding" }, topic: "convolution", order: 2, points: 5, lessonSlug: "convolution", section: "padding", href: "/exercises/pad-demo" },
];

describe("lesson pages render on the server", () => {
  for (const locale of LESSON_LOCALES)
    for (const unit of LESSON_UNITS)
      it(`${unit.slug} (${locale})`, async () => {
        const lesson = (await getLesson(unit.slug, locale))!;
        const exercises = exercisesForUnit(unit, fakeExercises);
        const html = renderToString(createElement(lesson.Content, { components: lessonComponents({ locale, exercises, allExercises: fakeExercises }) }));
        for (const e of lesson.toc) expect(html).toContain(`id="${e.id}"`);
        expect(html).toContain("katex-display");
        expect(html).not.toContain("katex-error");
        const figure = { convolution: "figure-conv-stepper", pooling: "figure-pooling", optimization: "figure-optimizer-race", "cnn-ctc": "figure-ctc" }[unit.slug]!;
        expect(html).toContain(`data-testid="${figure}"`);
        if (unit.slug === "convolution") {
          // inline practice: by id (worked example) and by the exercise.json anchor (padding)
          expect(html).toContain('href="/exercises/conv2d-single"');
          expect(html).toContain('href="/exercises/pad-demo"');
          expect(html).toContain(locale === "zh" ? "卷积步进器" : "Convolution stepper");
        }
        if (unit.slug === "cnn-ctc") expect(html).toContain('href="/lab"');
      });
});
