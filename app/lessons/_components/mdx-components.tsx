// How the elements of a lesson (content/lessons/*.mdx) are rendered: typography for the Markdown
// elements, the pre-rendered KaTeX formulas, callouts, tables, exercise links and the interactive
// figures (which get the page's language). Server component code; the figures are client components.
import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import type { MDXComponents } from "mdx/types";
import type { Locale } from "@/server/i18n/locales";
import type { LessonExercise } from "@/server/lessons/exercises";
import { lessonText } from "@/server/lessons/chrome";
import { ConvStepper, CtcAlignment, OptimizerRace, PoolingDemo, ReceptiveFieldCalculator } from "@/app/components/figures";
import { Icon, type IconName } from "@/app/components/figures/icons";

type CalloutKind = "note" | "tip" | "warning" | "key" | "board";

const calloutStyle: Record<CalloutKind, { box: string; icon: IconName; label: { zh: string; en: string } }> = {
  note: { box: "bg-sky-50 ring-sky-200 text-sky-950", icon: "info", label: { zh: "说明", en: "Note" } },
  tip: { box: "bg-emerald-50 ring-emerald-200 text-emerald-950", icon: "bulb", label: { zh: "小提示", en: "Tip" } },
  warning: { box: "bg-amber-50 ring-amber-200 text-amber-950", icon: "alert", label: { zh: "注意", en: "Watch out" } },
  key: { box: "bg-brand-50 ring-brand-200 text-brand-950", icon: "key", label: { zh: "要点", en: "Key idea" } },
  board: { box: "bg-orange-50 ring-orange-200 text-orange-950", icon: "chip", label: { zh: "香橙派上", en: "On the Orange Pi" } },
};

function Heading({ level, id, children }: { level: 2 | 3; id?: string; children?: ReactNode }) {
  const Tag = level === 2 ? "h2" : "h3";
  const cls =
    level === 2
      ? "mt-14 mb-4 border-b border-slate-200 pb-2 text-2xl font-bold tracking-tight text-slate-900"
      : "mt-9 mb-3 text-lg font-semibold text-slate-900";
  return (
    <Tag id={id} className={`group scroll-mt-24 ${cls}`}>
      {children}
      {id && (
        <a href={`#${id}`} aria-hidden="true" tabIndex={-1} className="ml-2 font-normal text-slate-300 opacity-0 transition group-hover:opacity-100 hover:text-brand-600">
          #
        </a>
      )}
    </Tag>
  );
}

function SmartLink({ href = "", children, ...rest }: ComponentProps<"a">) {
  const cls = "font-medium text-brand-700 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-600";
  if (href.startsWith("/")) {
    return (
      <Link href={href} className={cls}>
        {children}
      </Link>
    );
  }
  if (href.startsWith("#"))
    return (
      <a href={href} className={cls} {...rest}>
        {children}
      </a>
    );
  return (
    <a href={href} className={cls} target="_blank" rel="noreferrer" {...rest}>
      {children}
    </a>
  );
}

export function ExerciseRow({ exercise, locale }: { exercise: LessonExercise; locale: Locale }) {
  return (
    <Link
      href={exercise.href}
      className="group flex items-center justify-between gap-3 rounded-xl bg-white px-4 py-3 ring-1 ring-slate-200 transition hover:ring-brand-300 hover:shadow-sm"
      data-testid="lesson-exercise-link"
    >
      <span className="flex items-center gap-3">
        <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-700 ring-1 ring-brand-200"><Icon name="edit" /></span>
        <span>
          <span className="block text-[15px] font-semibold text-slate-900 group-hover:text-brand-700">{exercise.title[locale]}</span>
          <span className="block font-mono text-[12px] text-slate-400">/exercises/{exercise.id}</span>
        </span>
      </span>
      <span className="shrink-0 text-[12px] text-slate-500">{lessonText(locale, "lessons.exercises.points", { points: exercise.points })} →</span>
    </Link>
  );
}

/** `exercises`: the unit's exercises; `allExercises`: every exercise, for links across units */
export function lessonComponents(ctx: { locale: Locale; exercises: LessonExercise[]; allExercises: LessonExercise[] }): MDXComponents {
  const { locale } = ctx;
  return {
    h2: ({ id, children }) => (
      <Heading level={2} id={id}>
        {children}
      </Heading>
    ),
    h3: ({ id, children }) => (
      <Heading level={3} id={id}>
        {children}
      </Heading>
    ),
    h4: ({ children }) => <h4 className="mt-6 mb-2 font-semibold text-slate-900">{children}</h4>,
    p: ({ children }) => <p className="my-4 text-[16px] leading-8 text-slate-700">{children}</p>,
    ul: ({ children }) => <ul className="my-4 list-disc space-y-1.5 pl-6 text-[16px] leading-8 text-slate-700 marker:text-slate-400">{children}</ul>,
    ol: ({ children }) => <ol className="my-4 list-decimal space-y-1.5 pl-6 text-[16px] leading-8 text-slate-700 marker:text-slate-400">{children}</ol>,
    li: ({ children }) => <li className="pl-1 [&>p]:my-1">{children}</li>,
    a: SmartLink,
    strong: ({ children }) => <strong className="font-semibold text-slate-900">{children}</strong>,
    em: ({ children }) => <em className="text-slate-800">{children}</em>,
    blockquote: ({ children }) => <blockquote className="my-5 border-l-4 border-brand-200 pl-4 text-slate-600 italic">{children}</blockquote>,
    hr: () => <hr className="my-10 border-slate-200" />,
    code: ({ children }) => <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.875em] text-slate-800">{children}</code>,
    pre: ({ children }) => (
      <pre className="my-5 overflow-x-auto rounded-xl bg-slate-900 px-5 py-4 text-[13px] leading-[1.65] text-slate-100 [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-[13px] [&_code]:text-inherit">
        {children}
      </pre>
    ),
    KatexInline: ({ html }: { html: string }) => <span className="katex-inline" dangerouslySetInnerHTML={{ __html: html }} />,
    KatexBlock: ({ html }: { html: string }) => (
      <div className="katex-block my-5 overflow-x-auto overflow-y-hidden py-1 text-[1.05em]" dangerouslySetInnerHTML={{ __html: html }} />
    ),
    Callout: ({ kind = "note", title, children }: { kind?: CalloutKind; title?: string; children?: ReactNode }) => {
      const s = calloutStyle[kind];
      return (
        <aside className={`my-6 rounded-xl px-5 py-4 ring-1 ring-inset ${s.box}`}>
          <div className="mb-1 flex items-center gap-2 text-[14px] font-semibold">
            <Icon name={s.icon} />
            {title ?? s.label[locale]}
          </div>
          <div className="text-[15px] leading-7 [&_li]:text-[15px] [&_li]:leading-7 [&_p]:my-2 [&_p]:text-[15px] [&_p]:leading-7 [&_p]:text-inherit [&_ul]:text-inherit [&_ol]:text-inherit">
            {children}
          </div>
        </aside>
      );
    },
    Table: ({ head, rows, caption }: { head: string[]; rows: (string | number)[][]; caption?: string }) => (
      <div className="my-6 overflow-x-auto rounded-xl ring-1 ring-slate-200">
        <table className="w-full border-collapse text-left text-[14px]">
          {caption && <caption className="bg-slate-50 px-4 py-2 text-left text-[13px] font-medium text-slate-500">{caption}</caption>}
          <thead className="bg-slate-50">
            <tr>
              {head.map((h, i) => (
                <th key={i} className="border-b border-slate-200 px-4 py-2.5 font-semibold text-slate-700">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j} className={`px-4 py-2.5 align-top leading-6 text-slate-700 ${j === 0 ? "font-medium text-slate-900" : ""}`}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ),
    /**
     * Exercises for one section: those named in `ids` (in that order) plus those whose exercise.json
     * says "lesson": "<unit>#<section>". Ids that do not exist (yet) are skipped; renders nothing if empty.
     */
    Practice: ({ section, ids = [] }: { section?: string; ids?: string[] }) => {
      const byId = new Map(ctx.allExercises.map((e) => [e.id, e]));
      const list = ids.map((id) => byId.get(id)).filter((e): e is LessonExercise => !!e);
      for (const e of ctx.exercises) if (section && e.section === section && !list.includes(e)) list.push(e);
      if (!list.length) return null;
      return (
        <div className="my-6 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="lesson-practice">
          <div className="mb-3 flex items-center gap-1.5 text-[13px] font-semibold text-slate-600"><Icon name="edit" className="h-3.5 w-3.5" /> {lessonText(locale, "lessons.practice")}</div>
          <div className="grid gap-2">
            {list.map((e) => (
              <ExerciseRow key={e.id} exercise={e} locale={locale} />
            ))}
          </div>
        </div>
      );
    },
    LabLink: ({ children }: { children?: ReactNode }) => (
      <Link
        href="/lab"
        className="my-6 flex items-center justify-between gap-4 rounded-xl bg-gradient-to-r from-orange-50 to-amber-50 px-5 py-4 ring-1 ring-orange-200 transition hover:ring-orange-300"
        data-testid="lesson-lab-link"
      >
        <span>
          <span className="flex items-center gap-2 font-semibold text-orange-950"><Icon name="chip" /> {lessonText(locale, "lessons.lab")}</span>
          <span className="block text-[14px] text-orange-900/80">{children ?? lessonText(locale, "lessons.lab.body")}</span>
        </span>
        <span className="text-xl text-orange-400">→</span>
      </Link>
    ),
    ConvStepper: (props: Omit<ComponentProps<typeof ConvStepper>, "locale">) => <ConvStepper {...props} locale={locale} />,
    PoolingDemo: (props: Omit<ComponentProps<typeof PoolingDemo>, "locale">) => <PoolingDemo {...props} locale={locale} />,
    ReceptiveFieldCalculator: (props: Omit<ComponentProps<typeof ReceptiveFieldCalculator>, "locale">) => (
      <ReceptiveFieldCalculator {...props} locale={locale} />
    ),
    OptimizerRace: (props: Omit<ComponentProps<typeof OptimizerRace>, "locale">) => <OptimizerRace {...props} locale={locale} />,
    CtcAlignment: (props: Omit<ComponentProps<typeof CtcAlignment>, "locale">) => <CtcAlignment {...props} locale={locale} />,
  };
}
