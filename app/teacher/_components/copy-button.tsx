"use client";
// Copies a text (join code, invite link) to the clipboard and says so for two seconds.
import { useState } from "react";
import { useI18n } from "@/app/_i18n/provider";
import { buttonClass } from "@/app/_components/ui";

export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // no clipboard permission (http on a campus LAN): select-and-copy by hand still works
      window.prompt(label, text);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button type="button" onClick={copy} className={buttonClass("secondary", "px-3 py-1.5 text-xs")} data-testid={testId}>
      {copied ? t("teaching.common.copied") : label}
    </button>
  );
}
