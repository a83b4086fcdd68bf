"use client";
// "New class": a name is all it takes; the join code is generated.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { buttonClass } from "@/app/_components/ui";

export function CreateClassForm() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(trpc.teacher.class.create.mutationOptions({ onSuccess: (c) => router.push(`/teacher/classes/${c.id}`) }));
  return (
    <form
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name });
      }}
      data-testid="create-class-form"
    >
      <label className="flex-1">
        <span className="block text-sm font-medium text-slate-700">{t("teaching.dashboard.className")}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          required
          placeholder={t("teaching.dashboard.classNamePlaceholder")}
          className="mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 sm:text-sm"
          data-testid="class-name"
        />
      </label>
      <button type="submit" className={buttonClass("primary")} disabled={create.isPending || !name.trim()} data-testid="create-class">
        {create.isPending ? t("teaching.common.saving") : t("teaching.dashboard.create")}
      </button>
      {create.error && <p className="text-sm text-red-600" role="alert">{errorMessage(create.error, locale)}</p>}
    </form>
  );
}
