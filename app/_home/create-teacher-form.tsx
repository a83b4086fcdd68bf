"use client";
// Admin form: creates a teacher account through admin.createTeacher, then refreshes the list.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../_trpc/client";
import { useI18n } from "../_i18n/provider";
import { errorMessage, fieldErrors } from "../_i18n/errors";
import { TextField } from "../_components/text-field";
import { buttonClass } from "../_components/ui";

export function CreateTeacherForm() {
  const { t, locale } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const create = useMutation(trpc.admin.createTeacher.mutationOptions());
  const [created, setCreated] = useState<string | null>(null);
  const fields = create.error ? fieldErrors(create.error, locale) : {};

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setCreated(null);
    const teacher = await create
      .mutateAsync({ email: String(data.get("email") ?? ""), name: String(data.get("name") ?? ""), password: String(data.get("password") ?? ""), locale })
      .catch(() => null);
    if (teacher) {
      setCreated(teacher.email);
      form.reset();
      router.refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <TextField name="name" label={t("field.name")} autoComplete="off" error={fields.name} />
      <TextField name="email" type="email" label={t("field.email")} autoComplete="off" error={fields.email} />
      <TextField name="password" type="password" label={t("field.password")} autoComplete="new-password" hint={t("auth.passwordHint", { min: 8 })} error={fields.password} />
      {create.error && !Object.keys(fields).length && <p className="text-sm text-red-600" role="alert">{errorMessage(create.error, locale)}</p>}
      {created && <p className="text-sm text-emerald-700" role="status">{t("admin.created", { email: created })}</p>}
      <button type="submit" className={buttonClass("primary")} disabled={create.isPending}>
        {create.isPending ? t("auth.pending") : t("admin.create")}
      </button>
    </form>
  );
}
