// One-line progress bar on stderr (redrawn in place on a TTY, a plain line per validation otherwise).
import type { Progress } from "./train";

export function progressPrinter(label = "train"): { update(p: Progress): void; done(): void } {
  const tty = process.stderr.isTTY;
  let lastLen = 0;
  let ema: number | null = null;
  return {
    update(p) {
      ema = ema === null ? p.loss : 0.95 * ema + 0.05 * p.loss;
      const width = 24;
      const filled = Math.round((p.step / p.totalSteps) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const eta = p.step ? (p.seconds / p.step) * (p.totalSteps - p.step) : 0;
      const val = p.lastVal ? `val word acc ${(p.lastVal.accuracy * 100).toFixed(1)}% CER ${(p.lastVal.cer * 100).toFixed(2)}%` : "val -";
      const line = `${label} ${bar} epoch ${Math.ceil(p.epoch - 1e-9)} step ${p.step}/${p.totalSteps} loss ${ema.toFixed(3)} lr ${p.lr.toExponential(1)} ${val} ${p.seconds.toFixed(0)}s eta ${eta.toFixed(0)}s`;
      if (tty) {
        process.stderr.write("\r" + line.padEnd(lastLen));
        lastLen = line.length;
      } else if (p.valAccuracy !== undefined) {
        process.stderr.write(line + "\n");
      }
    },
    done() {
      if (tty && lastLen) process.stderr.write("\n");
    },
  };
}
