// Pure arithmetic behind the CTC alignment view: the collapse rule B (merge repeats, then drop
// blanks), greedy decoding of a T × C score matrix exactly like CNNCTC's CTCLabelConverter, the
// set of alignments of a label, and the forward algorithm for p(label | scores).
// Tested in tests/unit/lessons-figures.test.ts.

export const BLANK = "-";

/** CNNCTC's classes: index 0 is the blank, then 0-9 and a-z (37 classes). */
export const CNNCTC_ALPHABET = ["[blank]", ..."0123456789abcdefghijklmnopqrstuvwxyz"];

export interface FrameGroup {
  /** the symbol of a run of equal frames */
  symbol: string;
  /** first and last frame index of the run */
  start: number;
  end: number;
  /** false for blank runs, which are dropped */
  kept: boolean;
}

/** Splits a frame sequence into runs of equal symbols (step 1 of the collapse). */
export function groupRuns(frames: readonly string[], blank = BLANK): FrameGroup[] {
  const groups: FrameGroup[] = [];
  frames.forEach((symbol, i) => {
    const last = groups[groups.length - 1];
    if (last && last.symbol === symbol) last.end = i;
    else groups.push({ symbol, start: i, end: i, kept: symbol !== blank });
  });
  return groups;
}

/** B(π): merge repeated symbols, then remove blanks. "-hh-e-l-ll-oo-" → "hello". */
export function ctcCollapse(frames: readonly string[] | string, blank = BLANK): string {
  const list = typeof frames === "string" ? [...frames] : frames;
  return groupRuns(list, blank)
    .filter((g) => g.kept)
    .map((g) => g.symbol)
    .join("");
}

/** argmax per time step (first maximum wins, like numpy.argmax). */
export function argmaxRows(scores: number[][]): number[] {
  return scores.map((row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0));
}

/**
 * Greedy (best-path) decoding as in CNNCTC's CTCLabelConverter.decode: keep index t[i] when it is
 * not the blank (0) and not equal to t[i − 1].
 */
export function greedyDecode(scores: number[][], alphabet: readonly string[] = CNNCTC_ALPHABET): { path: number[]; text: string } {
  const path = argmaxRows(scores);
  let text = "";
  path.forEach((k, i) => {
    if (k !== 0 && !(i > 0 && path[i - 1] === k)) text += alphabet[k];
  });
  return { path, text };
}

/** Number of frame sequences of length T that collapse to `label` (dynamic programming). */
export function countAlignments(label: string, T: number): number {
  const ext = extend([...label]);
  const S = ext.length;
  let alpha = new Array<number>(S).fill(0);
  if (T === 0) return label.length === 0 ? 1 : 0;
  alpha[0] = 1;
  if (S > 1) alpha[1] = 1;
  for (let t = 1; t < T; t++) {
    const next = new Array<number>(S).fill(0);
    for (let s = 0; s < S; s++) {
      let a = alpha[s] + (s > 0 ? alpha[s - 1] : 0);
      if (s > 1 && ext[s] !== BLANK && ext[s] !== ext[s - 2]) a += alpha[s - 2];
      next[s] = a;
    }
    alpha = next;
  }
  return alpha[S - 1] + (S > 1 ? alpha[S - 2] : 0);
}

/** label with blanks around and between its symbols: "ab" → "-a-b-" */
function extend(label: string[]): string[] {
  const out = [BLANK];
  for (const c of label) out.push(c, BLANK);
  return out;
}

/** All alignments of `label` with T frames, in lexicographic order of positions (at most `limit`). */
export function listAlignments(label: string, T: number, limit = 200): string[] {
  const ext = extend([...label]);
  const S = ext.length;
  const out: string[] = [];
  const walk = (t: number, s: number, acc: string) => {
    if (out.length >= limit) return;
    if (t === T) {
      if (s === S - 1 || s === S - 2) out.push(acc);
      return;
    }
    // the frame at time t may sit on state s' ∈ {s, s+1, s+2 (skip a blank between different symbols)}
    const options = [s, s + 1];
    if (s + 2 < S && ext[s + 2] !== BLANK && ext[s + 2] !== ext[s]) options.push(s + 2);
    for (const n of options) if (n < S) walk(t + 1, n, acc + ext[n]);
  };
  // first frame: the leading blank or the first symbol
  walk(1, 0, ext[0]);
  if (S > 1) walk(1, 1, ext[1]);
  return out.sort();
}

/**
 * CTC forward algorithm: p(label | x) = Σ over all alignments π with B(π) = label of Π_t y_t(π_t),
 * where probs[t][k] is the softmax output at time t for class k and class 0 is the blank.
 * `label` holds class indices (no blanks).
 */
export function ctcProbability(probs: number[][], label: number[]): number {
  const T = probs.length;
  const ext: number[] = [0];
  for (const k of label) ext.push(k, 0);
  const S = ext.length;
  if (T === 0) return label.length === 0 ? 1 : 0;
  let alpha = new Array<number>(S).fill(0);
  alpha[0] = probs[0][ext[0]];
  if (S > 1) alpha[1] = probs[0][ext[1]];
  for (let t = 1; t < T; t++) {
    const next = new Array<number>(S).fill(0);
    for (let s = 0; s < S; s++) {
      let a = alpha[s] + (s > 0 ? alpha[s - 1] : 0);
      if (s > 1 && ext[s] !== 0 && ext[s] !== ext[s - 2]) a += alpha[s - 2];
      next[s] = a * probs[t][ext[s]];
    }
    alpha = next;
  }
  return alpha[S - 1] + (S > 1 ? alpha[S - 2] : 0);
}

/** CTC loss = −ln p(label | x). */
export function ctcLoss(probs: number[][], label: number[]): number {
  return -Math.log(ctcProbability(probs, label));
}
