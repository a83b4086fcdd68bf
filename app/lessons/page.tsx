// Index of the four lesson units, in the request's language (see app/lessons/[unit]/page.tsx).
import type { Metadata } from "next";
import Link from "next/link";
import { getT } from "../_i18n/server";
import { PageContainer } from "../_components/ui";
import { UNITS } from "@/server/api/catalogue/units";
import { getAllLessons } from "@/server/lessons/load";
import { LESSON_UNITS } from "@/server/lessons/units";
import { exercisesForUnit, readExercises } from "@/server/lessons/exercises";
import { lessonText } from "@/server/lessons/chrome";
import { Icon } from "@/app/components/figures/icons";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: lessonText(locale, "lessons.title") };
}

const ICONS = ["▦", "▣", "↘", "Aa"];

export default async function LessonsIndex() {
  const { locale, t } = await getT();
  const lessons = await getAllLessons(locale);
  const allExercises = readExercises();

  return (
    <PageContainer className="max-w-5xl py-10">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900" data-testid="lessons-title">
        {lessonText(locale, "lessons.title")}
      </h1>
      <p className="mt-3 max-w-3xl text-[16px] leading-7 text-slate-600">{lessonText(locale, "lessons.intro")}</p>

      <ol className="mt-8 grid gap-5" data-testid="lessons-list">
        {LESSON_UNITS.map((unit, i) => {
          const lesson = lessons[i];
          const catalogueUnit = UNITS.find((u) => u.key === unit.unitKey);
          const exercises = exercisesForUnit(unit, allExercises);
          const sections = lesson.toc.filter((e) => e.depth === 2);
          return (
            <li key={unit.slug}>
              <Link
                href={`/lessons/${unit.slug}`}
                className="group grid gap-5 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-brand-300 sm:grid-cols-[4rem_minmax(0,1fr)]"
              >
                <span className="flex h-14 w-14 items-center justify-center rounded-2xl bg-brand-600 font-mono text-lg font-bold text-white">{ICONS[i]}</span>
                <span className="min-w-0">
                  <span className="block text-[12px] font-semibold uppercase tracking-wide text-brand-600">
                    {t("course.unit", { n: i + 1 })} · {catalogueUnit ? t(catalogueUnit.titleKey) : unit.slug}
                  </span>
                  <span className="mt-1 block text-xl font-bold text-slate-900 group-hover:text-brand-700">{lesson.meta.title}</span>
                  <span className="mt-2 block text-[15px] leading-7 text-slate-600">{lesson.meta.summary}</span>
                  <span className="mt-3 flex flex-wrap gap-1.5">
                    {sections.slice(0, 8).map((s) => (
                      <span key={s.id} className="rounded-full bg-slate-100 px-2.5 py-0.5 text-[12px] text-slate-600">
                        {s.text}
                      </span>
                    ))}
                  </span>
                  <span className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-1 text-[13px] text-slate-500">
                    <span className="inline-flex items-center gap-1.5"><Icon name="clock" className="h-3.5 w-3.5" /> {lessonText(locale, "lessons.minutes", { n: lesson.meta.minutes })}</span>
                    <span className="inline-flex items-center gap-1.5"><Icon name="edit" className="h-3.5 w-3.5" /> {exercises.length ? lessonText(locale, "lessons.exerciseCount", { n: exercises.length }) : lessonText(locale, "lessons.noExercises")}</span>
                    <span className="ml-auto font-semibold text-brand-700">{lessonText(locale, "lessons.read")} →</span>
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </PageContainer>
  );
}
