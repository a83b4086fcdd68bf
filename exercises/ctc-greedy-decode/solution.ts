export function greedyDecode(probs: number[][], charset: string): string {
  let text = "";
  let prev = -1;
  for (const row of probs) {
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
    if (best !== prev && best !== 0) text += charset[best - 1];
    prev = best;
  }
  return text;
}
