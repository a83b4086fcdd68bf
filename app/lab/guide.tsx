"use client";
// The course's commands, step by step. A click on a command types it into the terminal.
import { useI18n } from "@/app/_i18n/provider";
import { Card } from "@/app/_components/ui";
import type { MessageKey } from "@/server/i18n/t";

const CNNCTC = "/home/HwHiAiUser/samples/notebooks/01-CNNCTC";

export const GUIDE: { text: MessageKey; commands: string[] }[] = [
  { text: "lab.guide.step1", commands: ["npu-smi info"] },
  { text: "lab.guide.step2", commands: ["cd ~/samples/notebooks/01-CNNCTC", "ls -l"] },
  { text: "lab.guide.step3", commands: ['atc --model=cnnctc.air --output="cnnctc" --framework=1 --soc_version=Ascend310B4 --output_type=FP32 --precision_mode=allow_fp32_to_fp16 --log=info'] },
  { text: "lab.guide.step4", commands: [`source bash.sh ${CNNCTC}/cnnctc.mindir cnnctc`] },
  { text: "lab.guide.step5", commands: ["python3 infer_cnnctc.py"] },
  { text: "lab.guide.step6", commands: ["cd ../03-Challenge", "python3 eval_cnnctc.py ../01-CNNCTC/cnnctc.om ../01-CNNCTC/test_words"] },
];

export function Guide({ onCommand }: { onCommand(cmd: string): void }) {
  const { t } = useI18n();
  return (
    <Card className="p-5" data-testid="lab-guide">
      <h2 className="text-sm font-semibold text-slate-900">{t("lab.guide.title")}</h2>
      <p className="mt-1 text-xs leading-5 text-slate-500">{t("lab.guide.intro")}</p>
      <ol className="mt-4 space-y-4">
        {GUIDE.map((step, i) => (
          <li key={step.text} className="flex gap-3">
            <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 ring-1 ring-brand-200">{i + 1}</span>
            <div className="min-w-0 flex-1">
              <p className="text-sm leading-6 text-slate-700">{t(step.text)}</p>
              <div className="mt-1.5 space-y-1.5">
                {step.commands.map((cmd) => (
                  <button
                    key={cmd}
                    type="button"
                    onClick={() => onCommand(cmd)}
                    title={t("lab.guide.insert")}
                    className="group flex w-full items-start gap-2 rounded-lg bg-slate-900 px-3 py-2 text-left font-mono text-xs leading-5 text-slate-100 ring-1 ring-slate-900 transition hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                  >
                    <span className="select-none text-emerald-400">$</span>
                    <span className="min-w-0 flex-1 break-all">{cmd}</span>
                    <span className="select-none text-[10px] text-slate-500 opacity-0 transition group-hover:opacity-100">↵</span>
                  </button>
                ))}
              </div>
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
