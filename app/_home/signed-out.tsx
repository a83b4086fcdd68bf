// Home page for visitors: what ConvLab is, the course card, and the way in.
import Link from "next/link";
import type { Locale } from "@/server/i18n/locales";
import type { Translate } from "../_i18n/server";
import { pick } from "../_i18n/server";
import { Badge, Card, PageContainer, buttonClass } from "../_components/ui";

interface CourseOverview {
  slug: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  unitCount: number;
  exerciseCount: number;
}

const FEATURES = [
  { title: "home.feature.code.title", body: "home.feature.code.body", icon: "M7 8l-4 4 4 4M17 8l4 4-4 4M14 4l-4 16" },
  { title: "home.feature.grade.title", body: "home.feature.grade.body", icon: "M5 13l4 4L19 7" },
  { title: "home.feature.class.title", body: "home.feature.class.body", icon: "M4 19.5V6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v13.5M8 8h8M8 12h8M8 16h5" },
] as const;

export function SignedOutHome({ t, locale, course }: { t: Translate; locale: Locale; course: CourseOverview | null }) {
  return (
    <>
      <section className="relative overflow-hidden border-b border-slate-200 bg-white">
        <div aria-hidden="true" className="pointer-events-none absolute inset-0 bg-[radial-gradient(ellipse_at_top_right,var(--color-brand-100),transparent_60%)]" />
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 opacity-40 [background-image:linear-gradient(to_right,var(--color-slate-200)_1px,transparent_1px),linear-gradient(to_bottom,var(--color-slate-200)_1px,transparent_1px)] [background-size:32px_32px] [mask-image:linear-gradient(to_bottom,black,transparent)]"
        />
        <PageContainer className="relative grid gap-12 py-16 lg:grid-cols-[1.2fr_1fr] lg:items-center lg:py-24">
          <div>
            <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">{t("home.hero.kicker")}</p>
            <h1 className="mt-3 text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl" data-testid="hero-title">
              {t("home.hero.title")}
            </h1>
            <p className="mt-6 max-w-xl text-lg leading-8 text-slate-600">{t("home.hero.body")}</p>
            <div className="mt-8 flex flex-wrap gap-3">
              <Link href="/signup" className={buttonClass("primary", "px-5 py-2.5 text-base")}>
                {t("home.hero.primary")}
              </Link>
              <Link href="/signin" className={buttonClass("secondary", "px-5 py-2.5 text-base")}>
                {t("home.hero.secondary")}
              </Link>
            </div>
          </div>
          {course ? (
            <Card className="relative" data-testid="course-card">
              <Badge>{t("home.course.label")}</Badge>
              <h2 className="mt-4 text-2xl font-semibold text-slate-900">{pick(locale, course.titleZh, course.titleEn)}</h2>
              <p className="mt-3 text-sm leading-6 text-slate-600">{pick(locale, course.summaryZh, course.summaryEn)}</p>
              <dl className="mt-6 flex gap-6 text-sm text-slate-700">
                <div>{t("home.course.units", { count: course.unitCount })}</div>
                <div>{t("home.course.exercises", { count: course.exerciseCount })}</div>
              </dl>
              <Link href="/signup" className={buttonClass("primary", "mt-6 w-full")}>
                {t("home.course.cta")}
              </Link>
            </Card>
          ) : (
            <Card>
              <p className="text-sm text-slate-500">{t("home.course.missing")}</p>
            </Card>
          )}
        </PageContainer>
      </section>
      <PageContainer className="grid gap-6 py-16 md:grid-cols-3">
        {FEATURES.map((f) => (
          <div key={f.title} className="rounded-2xl p-2">
            <div className="flex h-10 w-10 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100">
              <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                <path d={f.icon} />
              </svg>
            </div>
            <h3 className="mt-4 font-semibold text-slate-900">{t(f.title)}</h3>
            <p className="mt-2 text-sm leading-6 text-slate-600">{t(f.body)}</p>
          </div>
        ))}
      </PageContainer>
    </>
  );
}
