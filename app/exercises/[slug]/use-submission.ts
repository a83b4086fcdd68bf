"use client";
// Sends code to the grader and follows it to a result. Status arrives live over the onUpdate
// subscription (SSE: QUEUED, RUNNING when a grader leases it, then GRADED or ERROR); a slow poll of
// submission.get runs alongside as a safety net and takes over completely when the event stream
// fails (a proxy that buffers SSE, a dropped connection...).
import { useCallback, useEffect, useRef, useState } from "react";
import { skipToken, useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import type { Phase, SubmissionView } from "@/app/_components/results/types";

export type Kind = "RUN" | "SUBMIT";

export interface Tracked {
  id: string | null;
  kind: Kind;
  phase: Phase;
  /** when the student pressed the button (ms) */
  since: number;
  transport: "live" | "polling";
  result: SubmissionView | null;
  /** the request itself failed (limit reached, deadline passed, offline...) */
  error: string | null;
}

const POLL_LIVE_MS = 1500;
const POLL_FALLBACK_MS = 1000;

function statusOf(event: unknown): string | undefined {
  // tracked() events arrive as { id, data }; accept a bare payload too
  const e = event as { data?: { status?: string }; status?: string } | null;
  return e?.data?.status ?? e?.status;
}

export function useSubmission(opts: { slug: string; assignmentId: string | null; onFinished?(s: SubmissionView): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { locale } = useI18n();
  const submitMutation = useMutation(trpc.submission.submit.mutationOptions());
  const [tracked, setTracked] = useState<Tracked | null>(null);
  const finishing = useRef<string | null>(null);
  const latest = useRef(opts);
  latest.current = opts;

  const activeId = tracked && tracked.id && tracked.phase !== "done" ? tracked.id : null;

  const finish = useCallback(
    async (id: string) => {
      if (finishing.current === id) return;
      finishing.current = id;
      try {
        const s = await queryClient.fetchQuery({ ...trpc.submission.get.queryOptions({ id }), staleTime: 0 });
        setTracked((cur) => (cur && cur.id === id ? { ...cur, phase: "done", result: s } : cur));
        latest.current.onFinished?.(s);
        await queryClient.invalidateQueries({ queryKey: trpc.submission.attempts.queryKey() });
      } catch (e) {
        finishing.current = null; // the poll will try again
        setTracked((cur) => (cur && cur.id === id ? { ...cur, transport: "polling" } : cur));
        void e;
      }
    },
    [queryClient, trpc],
  );

  useSubscription(
    trpc.submission.onUpdate.subscriptionOptions(activeId ? { id: activeId } : skipToken, {
      onData(event) {
        const status = statusOf(event);
        if (!activeId) return;
        if (status === "GRADED" || status === "ERROR") void finish(activeId);
        else if (status === "RUNNING") setTracked((cur) => (cur && cur.id === activeId && cur.phase === "queued" ? { ...cur, phase: "running" } : cur));
      },
      onError() {
        setTracked((cur) => (cur && cur.id === activeId ? { ...cur, transport: "polling" } : cur));
      },
    }),
  );

  // the safety-net poll; the only source of updates when the stream failed
  const transport = tracked?.transport;
  useEffect(() => {
    if (!activeId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const s = await queryClient.fetchQuery({ ...trpc.submission.get.queryOptions({ id: activeId }), staleTime: 0 });
        if (stopped) return;
        if (s.status === "GRADED" || s.status === "ERROR") return void finish(activeId);
        if (s.status === "RUNNING") setTracked((cur) => (cur && cur.id === activeId && cur.phase === "queued" ? { ...cur, phase: "running" } : cur));
      } catch {
        // offline for a moment: keep trying
      }
      if (!stopped) timer = setTimeout(tick, transport === "polling" ? POLL_FALLBACK_MS : POLL_LIVE_MS);
    };
    timer = setTimeout(tick, transport === "polling" ? POLL_FALLBACK_MS : POLL_LIVE_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [activeId, transport, queryClient, trpc, finish]);

  const start = useCallback(
    async (kind: Kind, code: string) => {
      const { slug, assignmentId } = latest.current;
      finishing.current = null;
      setTracked({ id: null, kind, phase: "sending", since: Date.now(), transport: "live", result: null, error: null });
      try {
        const { id } = await submitMutation.mutateAsync({ exercise: slug, code, kind, assignmentId: kind === "SUBMIT" ? assignmentId : null });
        setTracked((cur) => (cur && cur.id === null ? { ...cur, id, phase: "queued" } : cur));
        if (kind === "SUBMIT") void queryClient.invalidateQueries({ queryKey: trpc.submission.attempts.queryKey() });
      } catch (e) {
        setTracked((cur) => (cur ? { ...cur, phase: "done", error: errorMessage(e, locale) } : cur));
      }
    },
    [submitMutation, queryClient, trpc, locale],
  );

  const busy = !!tracked && tracked.phase !== "done";
  return { tracked, start, busy };
}
