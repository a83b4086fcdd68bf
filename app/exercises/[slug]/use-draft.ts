"use client";
// The student's work in progress: saved to the server (submission.saveDraft) a second after they
// stop typing, and to this browser's localStorage on every change, so nothing is lost when the
// classroom network drops. On load the newer of the two wins; with neither, the starter code.
// A pending save is flushed with a keep-alive request when the tab is hidden or closed.
import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import superjson from "superjson";
import { useTRPC } from "@/app/_trpc/client";

export type DraftStatus = { kind: "idle" } | { kind: "pending" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "offline" } | { kind: "restored" };

interface LocalCopy {
  code: string;
  at: number;
}

const SAVE_AFTER_MS = 1000;
const RETRY_AFTER_MS = 5000;

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as LocalCopy;
    return typeof v.code === "string" && typeof v.at === "number" ? v : null;
  } catch {
    return null;
  }
}

function writeLocal(key: string, code: string) {
  try {
    window.localStorage.setItem(key, JSON.stringify({ code, at: Date.now() } satisfies LocalCopy));
  } catch {
    // private mode or full: the server copy still works
  }
}

export function useDraft(opts: { slug: string; userId: string; starter: string; server: { code: string; updatedAt: Date } | null }) {
  const { slug, userId, starter, server } = opts;
  const trpc = useTRPC();
  const saveMutation = useMutation(trpc.submission.saveDraft.mutationOptions());
  const storageKey = `convlab:draft:${userId}:${slug}`;
  const [initial, setInitial] = useState<string | null>(null);
  const [status, setStatus] = useState<DraftStatus>(server ? { kind: "saved", at: new Date(server.updatedAt) } : { kind: "idle" });
  const code = useRef<string>("");
  const saved = useRef<string>(server?.code ?? starter);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mutate = useRef(saveMutation.mutateAsync);
  mutate.current = saveMutation.mutateAsync;

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    const text = code.current;
    if (text === saved.current) {
      setStatus((s) => (s.kind === "pending" ? { kind: "saved", at: new Date() } : s));
      return;
    }
    setStatus({ kind: "saving" });
    try {
      const res = await mutate.current({ exercise: slug, code: text });
      saved.current = text;
      setStatus(code.current === text ? { kind: "saved", at: new Date(res.savedAt) } : { kind: "pending" });
    } catch {
      setStatus({ kind: "offline" });
      timer.current = setTimeout(() => void save(), RETRY_AFTER_MS);
    }
  }, [slug]);

  // first render in the browser: server draft, a newer copy in this browser, or the starter
  useEffect(() => {
    const local = readLocal(storageKey);
    let start = server?.code ?? starter;
    if (local && local.code !== start && (!server || local.at > new Date(server.updatedAt).getTime())) {
      start = local.code;
      setStatus({ kind: "restored" });
      code.current = start;
      timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
    }
    code.current = start;
    setInitial(start);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per exercise
  }, [storageKey]);

  const onChange = useCallback(
    (text: string) => {
      code.current = text;
      writeLocal(storageKey, text);
      if (text === saved.current) return;
      setStatus({ kind: "pending" });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
    },
    [storageKey, save],
  );

  // leaving the page with unsaved changes: one last save that outlives the page
  useEffect(() => {
    const flush = () => {
      if (code.current === saved.current || !code.current) return;
      clearTimeout(timer.current);
      try {
        void fetch("/api/trpc/submission.saveDraft", {
          method: "POST",
          keepalive: true,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(superjson.serialize({ exercise: slug, code: code.current })),
        });
        saved.current = code.current;
      } catch {
        // the localStorage copy remains
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", flush);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", flush);
      flush(); // client-side navigation away from the exercise
      clearTimeout(timer.current);
    };
  }, [slug]);

  return { initial, status, onChange, saveNow: save };
}
