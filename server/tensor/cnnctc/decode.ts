// CTC decoding of the [T, C] score matrix the network produces (T = 26 steps, C = 37 classes).
// Greedy: argmax per step, collapse repeats, drop blanks -- the course notebook's CTCLabelConverter.
// Prefix beam search: keeps the best `beamWidth` label prefixes, summing over all alignments that
// yield the same prefix (blank-ending and non-blank-ending probabilities kept apart), so it finds a
// more probable labelling than greedy when probability mass is spread over many paths.
import { BLANK, labelToText } from "./charset";
import { flatScores } from "../ctc";

export interface Decoded { text: string; labels: number[]; /** log-probability of the labelling (beam) or of the best path (greedy) */ logProb: number }

type Scores = ArrayLike<number> | number[][];

/** Normalises input to flat rows of log-probabilities. `isLogits`: apply log-softmax first. */
function toLogProbs(scores: Scores, numClasses: number | undefined, kind: "logits" | "logProbs" | "probs"): { lp: Float64Array; T: number; C: number } {
  const { flat, T, C } = flatScores(scores, numClasses, "decode");
  const lp = new Float64Array(T * C);
  for (let t = 0; t < T; t++) {
    if (kind === "probs") {
      for (let k = 0; k < C; k++) lp[t * C + k] = Math.log(flat[t * C + k]);
    } else if (kind === "logProbs") {
      for (let k = 0; k < C; k++) lp[t * C + k] = flat[t * C + k];
    } else {
      let m = -Infinity;
      for (let k = 0; k < C; k++) m = Math.max(m, flat[t * C + k]);
      let z = 0;
      for (let k = 0; k < C; k++) z += Math.exp(flat[t * C + k] - m);
      const lz = m + Math.log(z);
      for (let k = 0; k < C; k++) lp[t * C + k] = flat[t * C + k] - lz;
    }
  }
  return { lp, T, C };
}

/** Collapse repeats then drop blanks: [0,5,5,0,5] -> [5,5]. */
export function collapse(path: readonly number[], blank = BLANK): number[] {
  const out: number[] = [];
  for (let i = 0; i < path.length; i++) if (path[i] !== blank && (i === 0 || path[i - 1] !== path[i])) out.push(path[i]);
  return out;
}

export interface DecodeOpts { numClasses?: number; kind?: "logits" | "logProbs" | "probs"; blank?: number }

/** Best path decoding (argmax per step). Argmax is the same on logits, log-probs and probs. */
export function greedyDecode(scores: Scores, opts: DecodeOpts = {}): Decoded {
  const { lp, T, C } = toLogProbs(scores, opts.numClasses, opts.kind ?? "logits");
  const path: number[] = [];
  let logProb = 0;
  for (let t = 0; t < T; t++) {
    let best = 0;
    for (let k = 1; k < C; k++) if (lp[t * C + k] > lp[t * C + best]) best = k;
    path.push(best);
    logProb += lp[t * C + best];
  }
  const labels = collapse(path, opts.blank ?? BLANK);
  return { text: labelToText(labels), labels, logProb };
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

interface Beam { labels: number[]; pb: number; pnb: number }

/**
 * CTC prefix beam search (no language model).
 * @param beamWidth prefixes kept per step (default 10)
 * @param prune skip classes whose log-probability at a step is below this (default -20, i.e. ~2e-9)
 */
export function beamSearchDecode(scores: Scores, opts: DecodeOpts & { beamWidth?: number; prune?: number } = {}): Decoded {
  const { lp, T, C } = toLogProbs(scores, opts.numClasses, opts.kind ?? "logits");
  const blank = opts.blank ?? BLANK;
  const width = opts.beamWidth ?? 10;
  const prune = opts.prune ?? -20;
  let beams = new Map<string, Beam>([["", { labels: [], pb: 0, pnb: -Infinity }]]);
  for (let t = 0; t < T; t++) {
    const next = new Map<string, Beam>();
    const get = (key: string, labels: number[]) => {
      let b = next.get(key);
      if (!b) next.set(key, (b = { labels, pb: -Infinity, pnb: -Infinity }));
      return b;
    };
    for (const [key, beam] of beams) {
      const total = logAdd(beam.pb, beam.pnb);
      const self = get(key, beam.labels);
      self.pb = logAdd(self.pb, total + lp[t * C + blank]);
      const last = beam.labels.length ? beam.labels[beam.labels.length - 1] : -1;
      for (let k = 0; k < C; k++) {
        if (k === blank) continue;
        const p = lp[t * C + k];
        if (p < prune) continue;
        const ext = get(key + "," + k, [...beam.labels, k]);
        if (k === last) {
          self.pnb = logAdd(self.pnb, beam.pnb + p); // "aa" -> "a": repeat merges
          ext.pnb = logAdd(ext.pnb, beam.pb + p); // "a_a" -> "aa": needs the blank in between
        } else {
          ext.pnb = logAdd(ext.pnb, total + p);
        }
      }
    }
    beams = new Map([...next.entries()].sort((a, b) => logAdd(b[1].pb, b[1].pnb) - logAdd(a[1].pb, a[1].pnb)).slice(0, width));
  }
  const [best] = [...beams.values()];
  return { text: labelToText(best.labels), labels: best.labels, logProb: logAdd(best.pb, best.pnb) };
}

/** Decodes every item of a flat B*T*C score buffer (e.g. `await output.data()` of a [B,26,37] tensor). */
export function decodeBatch(scores: ArrayLike<number>, B: number, T: number, C: number, method: "greedy" | "beam" = "greedy", beamWidth = 10): string[] {
  const out: string[] = [];
  for (let b = 0; b < B; b++) {
    const row = Array.prototype.slice.call(scores, b * T * C, (b + 1) * T * C) as number[];
    out.push(method === "greedy" ? greedyDecode(row, { numClasses: C }).text : beamSearchDecode(row, { numClasses: C, beamWidth }).text);
  }
  return out;
}
