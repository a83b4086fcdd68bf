"use client";
// Modal dialogs of the exercise page: a small confirmation, and a large panel for code and diffs.
// Escape or a click on the backdrop closes them; focus moves into the dialog and back afterwards.
import { useEffect, useRef, type ReactNode } from "react";
import { buttonClass } from "@/app/_components/ui";

function useModal(open: boolean, onClose: () => void) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener("keydown", onKey, true);
    const focusable = panel.current?.querySelector<HTMLElement>("[data-autofocus]") ?? panel.current;
    focusable?.focus();
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      window.removeEventListener("keydown", onKey, true);
      document.body.style.overflow = overflow;
      previous?.focus?.();
    };
  }, [open, onClose]);
  return panel;
}

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  tone?: "danger" | "primary";
  onConfirm(): void;
  onClose(): void;
  testId?: string;
}) {
  const panel = useModal(props.open, props.onClose);
  if (!props.open) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4 backdrop-blur-[2px]" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        ref={panel}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        tabIndex={-1}
        className="w-full max-w-md rounded-2xl bg-white p-6 shadow-xl ring-1 ring-slate-200 outline-none"
        data-testid={props.testId}
      >
        <h2 id="confirm-title" className="text-lg font-semibold text-slate-900">
          {props.title}
        </h2>
        <p className="mt-2 text-sm leading-6 text-slate-600">{props.body}</p>
        <div className="mt-6 flex justify-end gap-3">
          <button type="button" className={buttonClass("secondary")} onClick={props.onClose} data-autofocus>
            {props.cancelLabel}
          </button>
          <button
            type="button"
            className={props.tone === "danger" ? buttonClass("primary", "bg-rose-600 hover:bg-rose-700") : buttonClass("primary")}
            onClick={() => {
              props.onConfirm();
              props.onClose();
            }}
            data-testid="confirm"
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

export function PanelDialog(props: { open: boolean; title: ReactNode; actions?: ReactNode; closeLabel: string; onClose(): void; children: ReactNode; testId?: string }) {
  const panel = useModal(props.open, props.onClose);
  if (!props.open) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-3 backdrop-blur-[2px] sm:p-6" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        tabIndex={-1}
        className="flex h-full max-h-[56rem] w-full max-w-6xl flex-col overflow-hidden rounded-2xl bg-white shadow-xl ring-1 ring-slate-200 outline-none"
        data-testid={props.testId}
      >
        <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-3">
          <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900">{props.title}</h2>
          {props.actions}
          <button type="button" onClick={props.onClose} className="rounded-lg p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label={props.closeLabel} data-autofocus>
            <svg viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
              <path d="M5.5 5.5l9 9M14.5 5.5l-9 9" strokeLinecap="round" />
            </svg>
          </button>
        </div>
        <div className="min-h-0 flex-1">{props.children}</div>
      </div>
    </div>
  );
}
