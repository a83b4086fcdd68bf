export function ctcLoss(logProbs: number[][], target: number[]): number {
  const T = logProbs.length;
  // extended target: blank, l1, blank, l2, ..., lL, blank
  const ext: number[] = [0];
  for (const l of target) ext.push(l, 0);
  const S = ext.length;
  const logAdd = (a: number, b: number) => {
    if (a === -Infinity) return b;
    if (b === -Infinity) return a;
    const m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  };
  // alpha[s]: log-probability of all path prefixes up to the current frame that end in state s
  let alpha = ext.map((k, s) => (s < 2 ? logProbs[0][k] : -Infinity));
  for (let t = 1; t < T; t++) {
    const next: number[] = [];
    for (let s = 0; s < S; s++) {
      let a = alpha[s];
      if (s >= 1) a = logAdd(a, alpha[s - 1]);
      if (s >= 2 && ext[s] !== 0 && ext[s] !== ext[s - 2]) a = logAdd(a, alpha[s - 2]);
      next.push(a + logProbs[t][ext[s]]);
    }
    alpha = next;
  }
  const logP = S > 1 ? logAdd(alpha[S - 1], alpha[S - 2]) : alpha[0];
  return -logP;
}
