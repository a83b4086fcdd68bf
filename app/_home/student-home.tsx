// Course home of a signed-in learner: the four units with their exercises, and their classes.
import Link from "next/link";
import type { Locale } from "@/server/i18n/locales";
import type { MessageKey } from "@/server/i18n/t";
import type { Translate } from "../_i18n/server";
import { pick } from "../_i18n/server";
import { Card, PageContainer } from "../_components/ui";
import { ExerciseMark, ProgressSummary, RecentResults, UnitProgressBar } from "../_components/results/progress";
import type { ProgressView } from "../_components/results/types";

interface ExerciseCard {
  slug: string;
  titleZh: string;
  titleEn: string;
  points: number;
}
interface UnitView {
  key: string;
  titleKey: MessageKey;
  summaryKey: MessageKey;
  exercises: ExerciseCard[];
}
interface ClassView {
  id: string;
  name: string;
  teacher: { name: string };
}

export function StudentHome(props: {
  t: Translate;
  locale: Locale;
  name: string;
  courseTitle: string | null;
  units: UnitView[];
  classes: ClassView[] | null;
  /** exercise.progress: solved per unit and recent results (absent: shown without progress) */
  progress?: ProgressView | null;
}) {
  const { t, locale, units, classes, progress } = props;
  const unitProgress = (key: string) => progress?.units.find((u) => u.key === key);
  return (
    <PageContainer className="py-10">
      <div className="flex flex-col gap-2">
        {props.courseTitle && <p className="text-sm font-medium text-brand-600">{props.courseTitle}</p>}
        <h1 className="text-3xl font-bold tracking-tight text-slate-900" data-testid="course-home-title">
          {t("course.welcome", { name: props.name })}
        </h1>
        <p className="text-slate-600">{t("course.intro")}</p>
      </div>

      <div className="mt-8 grid gap-6 lg:grid-cols-[1fr_18rem]">
        <ol className="grid gap-5 sm:grid-cols-2" data-testid="units">
          {units.map((unit, i) => (
            <li key={unit.key}>
              <Card className="flex h-full flex-col">
                <div className="flex items-center gap-3">
                  <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-brand-600 text-sm font-semibold text-white">{i + 1}</span>
                  <div>
                    <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t("course.unit", { n: i + 1 })}</p>
                    <h2 className="font-semibold text-slate-900">{t(unit.titleKey)}</h2>
                  </div>
                </div>
                <p className="mt-3 text-sm leading-6 text-slate-600">{t(unit.summaryKey)}</p>
                {progress && <UnitProgressBar t={t} unit={unitProgress(unit.key)} />}
                {unit.exercises.length ? (
                  <ul className="mt-4 divide-y divide-slate-100 border-t border-slate-100">
                    {unit.exercises.map((ex) => (
                      <li key={ex.slug}>
                        <Link href={`/exercises/${ex.slug}`} className="group flex items-center justify-between gap-3 py-2.5 text-sm">
                          <span className="font-medium text-slate-800 group-hover:text-brand-700">{pick(locale, ex.titleZh, ex.titleEn)}</span>
                          <span className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
                            {t("course.exercise.points", { points: ex.points })}
                            {progress && <ExerciseMark t={t} state={unitProgress(unit.key)?.exercises.find((e) => e.slug === ex.slug)} />}
                          </span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-4 rounded-lg bg-slate-50 px-3 py-2.5 text-sm text-slate-500">{t("course.unit.empty")}</p>
                )}
              </Card>
            </li>
          ))}
        </ol>

        {(classes || progress) && (
          <aside className="space-y-6">
            {progress && (
              <Card className="space-y-6">
                <ProgressSummary t={t} progress={progress} />
                <div className="border-t border-slate-100 pt-5">
                  <RecentResults t={t} locale={locale} progress={progress} />
                </div>
              </Card>
            )}
            {classes && (
            <Card>
              <h2 className="font-semibold text-slate-900">{t("course.myClasses")}</h2>
              {classes.length ? (
                <ul className="mt-3 space-y-3">
                  {classes.map((c) => (
                    <li key={c.id} className="text-sm">
                      <p className="font-medium text-slate-800">{c.name}</p>
                      <p className="text-slate-500">{c.teacher.name}</p>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-3 text-sm text-slate-500">{t("course.noClass")}</p>
              )}
            </Card>
            )}
          </aside>
        )}
      </div>
    </PageContainer>
  );
}
