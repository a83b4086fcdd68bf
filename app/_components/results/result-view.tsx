"use client";
// A graded submission: headline, score, per-test results with feedback in the UI language, the
// diagnosed mistake highlighted, compile/runtime errors with a jump to the line, console output.
import { useState, type ReactNode } from "react";
import { useI18n } from "@/app/_i18n/provider";
import type { SubmissionView, TestView } from "./types";
import { errorLocation, formatPoints, humanizeMistake, splitDiagnosis, summarize, toneBadge, toneText } from "./summary";
import { ScoreRing } from "./score-ring";
import { Bulb, CheckCircle, ChevronDown, Lock, Terminal, Warning, XCircle } from "./icons";

/**
 * `maxPoints`: what the exercise (or the assignment item) is worth; the score is shown on that
 * scale, the same as in the attempt list and on the home page. Each test keeps its own points.
 */
export function ResultView({ submission, maxPoints, onGoToLine, caption }: { submission: SubmissionView; maxPoints: number; onGoToLine?(line: number, column?: number): void; caption?: ReactNode }) {
  const { t, locale } = useI18n();
  const result = submission.result;
  const { key, tone } = summarize(submission);
  // a compile error runs nothing: a list of "not run" tests would only push the error down
  const allNotRun = (result?.tests ?? []).every((x) => !x.passed && /^not run/.test(x.feedback?.en ?? x.message ?? "not run"));
  const tests = submission.resultStatus !== "graded" && allNotRun ? [] : (result?.tests ?? []);
  const passed = tests.filter((x) => x.passed).length;
  const share = submission.score ?? result?.score ?? 0;
  const max = maxPoints;
  const points = share * max;
  const graded = submission.resultStatus === "graded";
  const message = result?.feedback?.[locale] ?? result?.message ?? null;
  const where = errorLocation(result?.feedback?.en ?? result?.message);
  const hasHidden = tests.some((x) => x.visibility === "hidden");
  const isRun = submission.kind === "RUN";
  const allPassed = tests.length > 0 && passed === tests.length;

  return (
    <div className="space-y-4" data-testid="result" data-status={submission.resultStatus ?? submission.status} data-score={submission.score ?? ""}>
      {caption && <p className="text-xs font-medium uppercase tracking-wide text-slate-400">{caption}</p>}
      <div className="flex items-start gap-4">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${isRun ? "bg-slate-100 text-slate-600 ring-slate-200" : "bg-brand-50 text-brand-700 ring-brand-200"}`}>
              {t(isRun ? "results.mode.run" : "results.mode.submit")}
            </span>
            {result?.durationMs != null && <span className="text-xs text-slate-400">{t("results.duration", { ms: Math.round(result.durationMs) })}</span>}
          </div>
          <h3 className={`mt-1.5 flex items-center gap-2 text-lg font-semibold ${toneText[tone]}`} data-testid="result-headline">
            {tone === "success" ? <CheckCircle className="h-5 w-5" /> : tone === "neutral" ? <Warning className="h-5 w-5" /> : <XCircle className="h-5 w-5" />}
            {t(key)}
          </h3>
          <p className="mt-1 text-sm text-slate-600">
            {tests.length > 0 && <span data-testid="result-passed">{t("results.passedCount", { passed, total: tests.length })}</span>}
            {tests.length > 0 && max > 0 && <span className="mx-1.5 text-slate-300">·</span>}
            {max > 0 && (
              <span className="font-medium text-slate-800" data-testid="result-score">
                {t("results.score", { points: formatPoints(points), max: formatPoints(max) })}
              </span>
            )}
          </p>
        </div>
        {tests.length > 0 && max > 0 && <ScoreRing value={share} tone={tone} label={t("results.score", { points: formatPoints(points), max: formatPoints(max) })} />}
      </div>

      {graded && allPassed && (
        <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200">{t(isRun ? "results.runPassed" : "results.fullMarks")}</p>
      )}

      {!graded && message && (
        <div className="rounded-lg bg-rose-50 ring-1 ring-rose-200" data-testid="result-error">
          <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words px-3 py-2.5 font-mono text-[12.5px] leading-5 text-rose-900">{message}</pre>
          {where && onGoToLine && (
            <div className="border-t border-rose-200 px-3 py-2">
              <button type="button" onClick={() => onGoToLine(where.line, where.column)} className="text-sm font-medium text-rose-700 hover:text-rose-900" data-testid="go-to-line">
                {t("results.goToLine", { line: where.line })} →
              </button>
            </div>
          )}
        </div>
      )}

      {tests.length > 0 && (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl ring-1 ring-slate-200" data-testid="test-list">
          {tests.map((test, i) => (
            <TestRow key={`${i}-${test.name}`} test={test} />
          ))}
        </ul>
      )}
      {hasHidden && (
        <p className="flex items-start gap-1.5 text-xs leading-5 text-slate-500">
          <Lock className="mt-0.5 h-3.5 w-3.5 shrink-0" />
          {t("results.hiddenNote")}
        </p>
      )}

      {result?.stdout && <Stdout text={result.stdout} />}
    </div>
  );
}

function TestRow({ test }: { test: TestView }) {
  const { t, locale } = useI18n();
  const text = test.feedback?.[locale] ?? test.message ?? "";
  const { main, diagnosis } = splitDiagnosis(text, locale);
  const hidden = test.visibility === "hidden";
  const notRun = !test.passed && /^(not run|未运行)/.test(text);
  const [open, setOpen] = useState(!test.passed && !!text);
  const expandable = !test.passed && !!text;
  return (
    <li className={test.passed ? "bg-white" : "bg-rose-50/30"} data-testid="test-result" data-passed={test.passed ? "true" : "false"} data-visibility={test.visibility}>
      <button
        type="button"
        onClick={() => expandable && setOpen((o) => !o)}
        className={`flex w-full items-center gap-3 px-3 py-2.5 text-left text-sm ${expandable ? "cursor-pointer hover:bg-slate-50" : "cursor-default"}`}
        aria-expanded={expandable ? open : undefined}
      >
        {test.passed ? (
          <CheckCircle className="h-[18px] w-[18px] shrink-0 text-emerald-600" />
        ) : notRun ? (
          <span className="h-[18px] w-[18px] shrink-0 rounded-full border-2 border-dashed border-slate-300" />
        ) : (
          <XCircle className="h-[18px] w-[18px] shrink-0 text-rose-600" />
        )}
        <span className={`min-w-0 flex-1 truncate ${test.passed ? "text-slate-700" : "font-medium text-slate-900"}`} data-testid="test-name">
          {test.name}
        </span>
        {hidden && (
          <span className="inline-flex shrink-0 items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-medium text-slate-500">
            <Lock className="h-3 w-3" />
            {t("results.hidden")}
          </span>
        )}
        {test.mistake && !diagnosis && (
          <span className="hidden shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-[11px] font-medium text-amber-800 ring-1 ring-amber-200 sm:inline" data-testid="test-mistake">
            {t("results.diagnosisHidden", { mistake: humanizeMistake(test.mistake) })}
          </span>
        )}
        <span className={`shrink-0 tabular-nums text-xs ${test.passed ? "text-emerald-700" : "text-slate-500"}`}>
          {formatPoints(test.points)} / {formatPoints(test.maxPoints)}
        </span>
        {expandable && <ChevronDown className={`h-4 w-4 shrink-0 text-slate-400 transition-transform ${open ? "rotate-180" : ""}`} />}
      </button>
      {expandable && open && (
        <div className="space-y-2 px-3 pb-3 pl-[42px]">
          <p className="whitespace-pre-wrap break-words text-[13px] leading-6 text-slate-700" data-testid="test-message">
            {main}
          </p>
          {diagnosis && (
            <div className="flex gap-2 rounded-lg bg-amber-50 px-3 py-2 ring-1 ring-amber-200" data-testid="test-diagnosis" data-mistake={test.mistake ?? ""}>
              <Bulb className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" />
              <div className="text-[13px] leading-6 text-amber-900">
                <p className="font-semibold">{t("results.diagnosis")}</p>
                <p className="whitespace-pre-wrap break-words">{diagnosis}</p>
              </div>
            </div>
          )}
        </div>
      )}
    </li>
  );
}

function Stdout({ text }: { text: string }) {
  const { t } = useI18n();
  return (
    <details className="group overflow-hidden rounded-xl ring-1 ring-slate-200" data-testid="stdout">
      <summary className="flex cursor-pointer items-center gap-2 bg-slate-50 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
        <Terminal className="h-4 w-4 text-slate-500" />
        {t("results.stdout")}
        <ChevronDown className="ml-auto h-4 w-4 text-slate-400 transition-transform group-open:rotate-180" />
      </summary>
      <pre className="max-h-60 overflow-auto bg-slate-900 px-3 py-2.5 font-mono text-[12.5px] leading-5 text-slate-100">{text}</pre>
    </details>
  );
}
