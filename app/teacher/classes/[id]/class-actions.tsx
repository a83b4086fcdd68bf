"use client";
// Small mutations of the class overview: new join code, remove a student, rename.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { buttonClass } from "@/app/_components/ui";

export function RegenerateCodeButton({ classId }: { classId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.teacher.class.regenerateCode.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div>
      <button
        type="button"
        className={buttonClass("ghost", "px-2 py-1 text-xs")}
        disabled={m.isPending}
        onClick={() => {
          if (window.confirm(t("teaching.class.regenerateConfirm"))) m.mutate({ classId });
        }}
      >
        {t("teaching.class.regenerate")}
      </button>
      {m.error && <p className="mt-1 text-xs text-red-600">{errorMessage(m.error, locale)}</p>}
    </div>
  );
}

export function RemoveStudentButton({ classId, studentId, name }: { classId: string; studentId: string; name: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.teacher.class.removeStudent.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <button
      type="button"
      className="text-xs text-slate-400 hover:text-red-600"
      disabled={m.isPending}
      onClick={() => {
        if (window.confirm(t("teaching.class.removeConfirm", { name }))) m.mutate({ classId, studentId });
      }}
    >
      {t("teaching.class.remove")}
    </button>
  );
}

export function RenameClassForm({ classId, name }: { classId: string; name: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [value, setValue] = useState(name);
  const m = useMutation(trpc.teacher.class.rename.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <form
      className="flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate({ classId, name: value });
      }}
    >
      <input
        value={value}
        onChange={(e) => setValue(e.target.value)}
        maxLength={100}
        aria-label={t("teaching.dashboard.className")}
        className="block w-full rounded-lg border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
      />
      <button type="submit" className={buttonClass("secondary", "py-1.5")} disabled={m.isPending || !value.trim() || value === name}>
        {t("teaching.common.save")}
      </button>
      {m.error && <p className="text-xs text-red-600">{errorMessage(m.error, locale)}</p>}
    </form>
  );
}
