// Text recognition metrics: word accuracy (exact match) and character error rate (CER) =
// total Levenshtein edit distance / total number of reference characters.

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

export interface RecognitionMetrics { n: number; wordAccuracy: number; cer: number; correct: number; edits: number; refChars: number }

export function recognitionMetrics(predictions: readonly string[], references: readonly string[]): RecognitionMetrics {
  if (predictions.length !== references.length) throw new Error("metrics: predictions and references differ in length");
  let correct = 0, edits = 0, refChars = 0;
  predictions.forEach((p, i) => {
    if (p === references[i]) correct++;
    edits += editDistance(p, references[i]);
    refChars += references[i].length;
  });
  const n = references.length;
  return { n, correct, edits, refChars, wordAccuracy: n ? correct / n : 0, cer: refChars ? edits / refChars : 0 };
}

export const wordAccuracy = (p: readonly string[], r: readonly string[]) => recognitionMetrics(p, r).wordAccuracy;
export const characterErrorRate = (p: readonly string[], r: readonly string[]) => recognitionMetrics(p, r).cer;
