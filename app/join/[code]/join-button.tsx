"use client";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useI18n } from "@/app/_i18n/provider";
import { errorMessage } from "@/app/_i18n/errors";
import { buttonClass } from "@/app/_components/ui";

export function JoinButton({ code }: { code: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const join = useMutation(trpc.student.joinClass.mutationOptions({ onSuccess: (r) => router.push(`/classes/${r.classId}`) }));
  return (
    <>
      <button type="button" className={buttonClass("primary")} onClick={() => join.mutate({ code })} disabled={join.isPending} data-testid="join-confirm">
        {join.isPending ? t("teaching.common.saving") : t("teaching.join.joinThis")}
      </button>
      {join.error && <p className="mt-2 text-sm text-red-600">{errorMessage(join.error, locale)}</p>}
    </>
  );
}
