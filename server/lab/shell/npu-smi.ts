// `npu-smi info` in the 310B layout (nputop fixtures / public captures; facts §2.4), with live-looking
// numbers derived deterministically from the board state (temperature, memory, AI Core usage).
import type { BoardVariant } from "../cost-model";

const TOTAL_MB: Record<BoardVariant, number> = { Ascend310B4: 15609, Ascend310B1: 11577 };

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

export interface NpuSmiState { variant: BoardVariant; seq: number; /** seconds since the last inference (AI Core busy right after) */ sinceInferS?: number }

export function npuSmiInfo(st: NpuSmiState): string {
  const h = hash(`${st.variant}:${st.seq}`);
  const busy = st.sinceInferS !== undefined && st.sinceInferS < 5;
  const temp = 52 + (h % 9) + (busy ? 4 : 0);
  const used = 2900 + ((h >>> 8) % 700) + (busy ? 210 : 0);
  const aicore = busy ? 3 + ((h >>> 16) % 20) : 0;
  const name = st.variant.replace("Ascend", "");
  const pad = (s: string | number, w: number) => String(s).padEnd(w);
  const lines = [
    "+--------------------------------------------------------------------------------------------------------+",
    "| npu-smi 23.0.0                                   Version: 23.0.0                                       |",
    "+-------------------------------+-----------------+------------------------------------------------------+",
    "| NPU     Name                  | Health          | Power(W)     Temp(C)           Hugepages-Usage(page) |",
    "| Chip    Device                | Bus-Id          | AICore(%)    Memory-Usage(MB)                        |",
    "+===============================+=================+======================================================+",
    `| 0       ${pad(name, 22)}| OK              | 0.0          ${pad(temp, 18)}15    / 15            |`,
    `| 0       0                     | NA              | ${pad(aicore, 13)}${pad(`${used} / ${TOTAL_MB[st.variant]}`, 40)}|`,
    "+===============================+=================+======================================================+",
  ];
  return lines.join("\n") + "\n";
}

export const NPU_SMI_USAGE = `Usage: npu-smi [Options...]
Options:
    info                     Display the device information.
    (the ConvLab virtual board implements "npu-smi info")
`;
