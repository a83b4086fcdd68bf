"use client";
// The assignment editor: title, dates (Beijing time), late penalty, attempt limit, best/last,
// result visibility per test group, and the items (exercises and lab tasks) with their points.
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage, fieldErrors } from "@/app/_i18n/errors";
import { Card, buttonClass } from "@/app/_components/ui";
import { fromLocalInput, toLocalInput } from "@/app/teacher/_lib/time";

type Level = "always" | "after_due" | "never";
interface ExerciseOption {
  slug: string;
  title: { zh: string; en: string };
  points: number;
  groups: string[];
  visibilityDefaults: Record<string, Level>;
}
interface Options {
  exercises: ExerciseOption[];
  labTasks: ReadonlyArray<{ key: string; title: { zh: string; en: string } }>;
}
interface Initial {
  id: string;
  title: string;
  openAt: Date;
  dueAt: Date;
  lateUntil: Date | null;
  latePenalty: number;
  attemptLimit: number | null;
  countPolicy: "BEST" | "LAST";
  visibility: Record<string, string>;
  items: Array<{ id: string; kind: "EXERCISE" | "LAB"; exercise: string | null; labTask: string | null; points: number }>;
}
type Item = { key: string; id?: string; kind: "EXERCISE"; exercise: string; points: string } | { key: string; id?: string; kind: "LAB"; labTask: string; points: string };

const inputClass = "mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 sm:text-sm";
let keySeq = 0;
const newKey = () => `k${++keySeq}`;

function defaults(): { open: string; due: string } {
  const now = new Date();
  now.setMinutes(0, 0, 0);
  const due = new Date(now.getTime() + 7 * 86_400_000);
  // 23:59 Beijing time on the due day
  const dueDay = toLocalInput(due).slice(0, 10);
  return { open: toLocalInput(now), due: `${dueDay}T23:59` };
}

export function AssignmentEditor({ classId, options, initial }: { classId: string; options: Options; initial: Initial | null }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const d = defaults();
  const [title, setTitle] = useState(initial?.title ?? "");
  const [openAt, setOpenAt] = useState(initial ? toLocalInput(initial.openAt) : d.open);
  const [dueAt, setDueAt] = useState(initial ? toLocalInput(initial.dueAt) : d.due);
  const [lateUntil, setLateUntil] = useState(initial?.lateUntil ? toLocalInput(initial.lateUntil) : "");
  const [penalty, setPenalty] = useState(String(Math.round((initial?.latePenalty ?? 0.1) * 1000) / 10));
  const [limit, setLimit] = useState(initial?.attemptLimit != null ? String(initial.attemptLimit) : "");
  const [policy, setPolicy] = useState<"BEST" | "LAST">(initial?.countPolicy ?? "BEST");
  const [defaultLevel, setDefaultLevel] = useState<Level | "">((initial?.visibility["*"] as Level | undefined) ?? "");
  const [groupLevels, setGroupLevels] = useState<Record<string, Level | "">>(() => {
    const { "*": _star, ...rest } = initial?.visibility ?? {};
    return rest as Record<string, Level>;
  });
  const [items, setItems] = useState<Item[]>(
    () =>
      initial?.items.map((i) =>
        i.kind === "EXERCISE" ? { key: newKey(), id: i.id, kind: "EXERCISE" as const, exercise: i.exercise!, points: String(i.points) } : { key: newKey(), id: i.id, kind: "LAB" as const, labTask: i.labTask!, points: String(i.points) },
      ) ?? [],
  );
  const [saved, setSaved] = useState(false);

  const exBySlug = useMemo(() => new Map(options.exercises.map((e) => [e.slug, e])), [options.exercises]);
  const groups = useMemo(() => {
    const g = new Map<string, string[]>();
    for (const it of items) if (it.kind === "EXERCISE") for (const name of exBySlug.get(it.exercise)?.groups ?? []) g.set(name, [...(g.get(name) ?? []), it.exercise]);
    for (const name of Object.keys(groupLevels)) if (!g.has(name)) g.set(name, []);
    return [...g.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [items, exBySlug, groupLevels]);

  const onSaved = (r: { id: string }) => {
    setSaved(true);
    if (!initial) router.push(`/teacher/classes/${classId}/assignments/${r.id}`);
    else router.refresh();
  };
  const create = useMutation(trpc.teacher.assignment.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.teacher.assignment.update.mutationOptions({ onSuccess: onSaved }));
  const del = useMutation(trpc.teacher.assignment.delete.mutationOptions({ onSuccess: () => router.push(`/teacher/classes/${classId}/assignments`) }));
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error ?? del.error;
  const fields = error ? fieldErrors(error, locale) : {};

  function body() {
    const visibility: Record<string, Level> = {};
    if (defaultLevel) visibility["*"] = defaultLevel;
    for (const [g, level] of Object.entries(groupLevels)) if (level) visibility[g] = level;
    return {
      title,
      openAt: fromLocalInput(openAt) ?? new Date(NaN),
      dueAt: fromLocalInput(dueAt) ?? new Date(NaN),
      lateUntil: fromLocalInput(lateUntil),
      latePenalty: Math.min(1, Math.max(0, Number(penalty || 0) / 100)),
      attemptLimit: limit.trim() ? Number(limit) : null,
      countPolicy: policy,
      visibility,
      items: items.map((it) => (it.kind === "EXERCISE" ? { id: it.id, kind: "EXERCISE" as const, exercise: it.exercise, points: Number(it.points) } : { id: it.id, kind: "LAB" as const, labTask: it.labTask, points: Number(it.points) })),
    };
  }

  function move(i: number, by: number) {
    setItems((xs) => {
      const next = [...xs];
      const [x] = next.splice(i, 1);
      next.splice(Math.max(0, Math.min(next.length, i + by)), 0, x);
      return next;
    });
  }

  const unusedExercises = options.exercises.filter((e) => !items.some((i) => i.kind === "EXERCISE" && i.exercise === e.slug));
  const unusedLabs = options.labTasks.filter((l) => !items.some((i) => i.kind === "LAB" && i.labTask === l.key));
  const levelLabel = (l: Level) => t(`teaching.visibility.${l}`);

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        if (initial) update.mutate({ assignmentId: initial.id, ...body() });
        else create.mutate({ classId, ...body() });
      }}
      data-testid="assignment-editor"
    >
      <Card>
        <h2 className="font-semibold text-slate-900">{t("teaching.editor.basics")}</h2>
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          <label className="sm:col-span-2">
            <span className="block text-sm font-medium text-slate-700">{t("teaching.editor.title")}</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} className={inputClass} data-testid="assignment-title" />
            {fields.title && <span className="mt-1 block text-sm text-red-600">{fields.title}</span>}
          </label>
          <label>
            <span className="block text-sm font-medium text-slate-700">{t("teaching.editor.openAt")}</span>
            <input type="datetime-local" value={openAt} onChange={(e) => setOpenAt(e.target.value)} required className={inputClass} data-testid="assignment-open" />
          </label>
          <label>
            <span className="block text-sm font-medium text-slate-700">{t("teaching.editor.dueAt")}</span>
            <input type="datetime-local" value={dueAt} onChange={(e) => setDueAt(e.target.value)} required className={inputClass} data-testid="assignment-due" />
          </label>
          <label>
            <span className="block text-sm font-medium text-slate-700">{t("teaching.editor.lateUntil")}</span>
            <input type="datetime-local" value={lateUntil} onChange={(e) => setLateUntil(e.target.value)} className={inputClass} data-testid="assignment-late" />
            <span className="mt-1 block text-xs text-slate-500">{t("teaching.editor.lateUntilHint")}</span>
          </label>
          <label>
            <span className="block text-sm font-medium text-slate-700">{t("teaching.editor.latePenalty")}</span>
            <input type="number" min={0} max={100} step={1} value={penalty} onChange={(e) => setPenalty(e.target.value)} className={inputClass} disabled={!lateUntil} data-testid="assignment-penalty" />
            <span className="mt-1 block text-xs text-slate-500">{t("teaching.editor.latePenaltyHint")}</span>
          </label>
          <label>
            <span className="block text-sm font-medium text-slate-700">{t("teaching.editor.attemptLimit")}</span>
            <input type="number" min={1} max={1000} value={limit} onChange={(e) => setLimit(e.target.value)} placeholder={t("teaching.editor.unlimited")} className={inputClass} data-testid="assignment-limit" />
          </label>
          <fieldset>
            <legend className="block text-sm font-medium text-slate-700">{t("teaching.editor.countPolicy")}</legend>
            <div className="mt-2 flex gap-4 text-sm">
              {(["BEST", "LAST"] as const).map((p) => (
                <label key={p} className="flex items-center gap-2">
                  <input type="radio" name="policy" checked={policy === p} onChange={() => setPolicy(p)} />
                  {t(p === "BEST" ? "teaching.editor.best" : "teaching.editor.last")}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-xs text-slate-500 sm:col-span-2">{t("teaching.common.beijingTime")}</p>
        </div>
      </Card>

      <Card>
        <h2 className="font-semibold text-slate-900">{t("teaching.editor.items")}</h2>
        {items.length ? (
          <ol className="mt-4 divide-y divide-slate-100" data-testid="assignment-items">
            {items.map((it, i) => {
              const ex = it.kind === "EXERCISE" ? exBySlug.get(it.exercise) : undefined;
              const lab = it.kind === "LAB" ? options.labTasks.find((l) => l.key === it.labTask) : undefined;
              return (
                <li key={it.key} className="flex flex-wrap items-center gap-3 py-2.5">
                  <span className="w-6 text-sm tabular-nums text-slate-400">{i + 1}</span>
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${it.kind === "LAB" ? "bg-amber-50 text-amber-800" : "bg-brand-50 text-brand-700"}`}>
                    {t(it.kind === "LAB" ? "teaching.editor.kindLab" : "teaching.editor.kindExercise")}
                  </span>
                  <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-800">
                    {ex ? ex.title[locale] : lab ? lab.title[locale] : it.kind === "EXERCISE" ? it.exercise : it.labTask}
                  </span>
                  <label className="flex items-center gap-1.5 text-sm text-slate-600">
                    <input
                      type="number"
                      min={0.5}
                      step={0.5}
                      value={it.points}
                      onChange={(e) => setItems((xs) => xs.map((x) => (x.key === it.key ? { ...x, points: e.target.value } : x)))}
                      className="w-20 rounded-md border-0 px-2 py-1 text-right text-sm ring-1 ring-inset ring-slate-300"
                      aria-label={t("teaching.editor.points")}
                    />
                    {t("teaching.editor.pointsUnit")}
                  </label>
                  <button type="button" className="text-slate-400 hover:text-slate-700" onClick={() => move(i, -1)} aria-label={t("teaching.editor.up")} disabled={i === 0}>
                    ↑
                  </button>
                  <button type="button" className="text-slate-400 hover:text-slate-700" onClick={() => move(i, 1)} aria-label={t("teaching.editor.down")} disabled={i === items.length - 1}>
                    ↓
                  </button>
                  <button type="button" className="text-xs text-slate-400 hover:text-red-600" onClick={() => setItems((xs) => xs.filter((x) => x.key !== it.key))}>
                    {t("teaching.editor.removeItem")}
                  </button>
                </li>
              );
            })}
          </ol>
        ) : (
          <p className="mt-4 rounded-lg bg-slate-50 px-3 py-3 text-sm text-slate-500">{t("teaching.editor.noItems")}</p>
        )}
        <div className="mt-4 flex flex-wrap gap-3">
          <select
            value=""
            onChange={(e) => {
              const ex = exBySlug.get(e.target.value);
              if (ex) setItems((xs) => [...xs, { key: newKey(), kind: "EXERCISE", exercise: ex.slug, points: String(ex.points) }]);
            }}
            className="rounded-lg border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300"
            data-testid="add-exercise"
            aria-label={t("teaching.editor.addExercise")}
          >
            <option value="">{t("teaching.editor.addExercise")}</option>
            {unusedExercises.map((e) => (
              <option key={e.slug} value={e.slug}>
                {e.title[locale]} ({e.points})
              </option>
            ))}
          </select>
          <select
            value=""
            onChange={(e) => {
              if (e.target.value) setItems((xs) => [...xs, { key: newKey(), kind: "LAB", labTask: e.target.value, points: "10" }]);
            }}
            className="rounded-lg border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300"
            aria-label={t("teaching.editor.addLab")}
          >
            <option value="">{t("teaching.editor.addLab")}</option>
            {unusedLabs.map((l) => (
              <option key={l.key} value={l.key}>
                {l.title[locale]}
              </option>
            ))}
          </select>
        </div>
      </Card>

      <Card>
        <h2 className="font-semibold text-slate-900">{t("teaching.editor.visibility")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("teaching.editor.visibilityHelp")}</p>
        <div className="mt-4 grid gap-3 sm:grid-cols-[12rem_1fr] sm:items-center">
          <span className="text-sm font-medium text-slate-700">{t("teaching.editor.visibilityDefault")}</span>
          <select value={defaultLevel} onChange={(e) => setDefaultLevel(e.target.value as Level | "")} className="max-w-xs rounded-lg border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300" data-testid="visibility-default">
            <option value="">{t("teaching.visibility.exerciseDefault")}</option>
            {(["never", "after_due", "always"] as const).map((l) => (
              <option key={l} value={l}>
                {levelLabel(l)}
              </option>
            ))}
          </select>
          {groups.map(([g, usedBy]) => (
            <div key={g} className="contents">
              <span className="text-sm text-slate-700">
                {t("teaching.editor.group", { group: g })}
                {usedBy.length > 0 && <span className="ml-1 text-xs text-slate-400">({usedBy.map((s) => exBySlug.get(s)?.title[locale] ?? s).join(", ")})</span>}
              </span>
              <select
                value={groupLevels[g] ?? ""}
                onChange={(e) => setGroupLevels((m) => ({ ...m, [g]: e.target.value as Level | "" }))}
                className="max-w-xs rounded-lg border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300"
              >
                <option value="">{t("teaching.visibility.inherit")}</option>
                {(["never", "after_due", "always"] as const).map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(l)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </Card>

      {error && (
        <p className="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-700 ring-1 ring-red-200" role="alert" data-testid="editor-error">
          {errorMessage(error, locale)}
        </p>
      )}
      {saved && !pending && !error && (
        <p className="rounded-lg bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800 ring-1 ring-emerald-200" role="status" data-testid="editor-saved">
          {t("teaching.common.saved")}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <button type="submit" className={buttonClass("primary")} disabled={pending || !items.length || !title.trim()} data-testid="save-assignment">
          {pending ? t("teaching.common.saving") : initial ? t("teaching.common.save") : t("teaching.editor.create")}
        </button>
        {initial && (
          <button
            type="button"
            className={buttonClass("ghost", "text-red-600 hover:bg-red-50 hover:text-red-700")}
            disabled={del.isPending}
            onClick={() => {
              if (window.confirm(t("teaching.editor.deleteConfirm"))) del.mutate({ assignmentId: initial.id });
            }}
          >
            {t("teaching.editor.delete")}
          </button>
        )}
      </div>
    </form>
  );
}
