// CTC 贪心解码：每帧取概率最大的类别，合并连续重复，再删去空白符（类别 0）。
// CTC greedy decoding: take each frame's most likely class, merge repeats, then drop blanks (class 0).
export function greedyDecode(probs: number[][], charset: string): string {
  let text = "";
  for (const row of probs) {
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
    // TODO: 合并重复、删去空白符 / merge repeats, drop blanks
    text += charset[best - 1] ?? "";
  }
  return text;
}
