"use client";
// Join a class by typing the code the teacher gave out.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { buttonClass } from "@/app/_components/ui";

export function JoinForm() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [code, setCode] = useState("");
  const join = useMutation(trpc.student.joinClass.mutationOptions({ onSuccess: (r) => router.push(`/classes/${r.classId}`) }));
  return (
    <form
      className="flex flex-col gap-2 sm:flex-row"
      onSubmit={(e) => {
        e.preventDefault();
        join.mutate({ code });
      }}
      data-testid="join-form"
    >
      <input
        value={code}
        onChange={(e) => setCode(e.target.value.toUpperCase())}
        placeholder={t("teaching.join.codePlaceholder")}
        aria-label={t("teaching.class.joinCode")}
        maxLength={20}
        className="flex-1 rounded-lg border-0 px-3 py-2 font-mono uppercase tracking-widest shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        data-testid="join-code-input"
      />
      <button type="submit" className={buttonClass("primary")} disabled={join.isPending || code.trim().length < 4} data-testid="join-submit">
        {t("teaching.join.join")}
      </button>
      {join.error && (
        <p className="text-sm text-red-600 sm:basis-full" role="alert" data-testid="join-error">
          {errorMessage(join.error, locale)}
        </p>
      )}
    </form>
  );
}
