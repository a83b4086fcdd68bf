// CTC 标签编码：类别 0 是空白符（blank），charset[i] 的标签是 i + 1。
// CTC label encoding: class 0 is the blank, charset[i] has label i + 1.
export function encode(text: string, charset: string): number[] {
  const labels: number[] = [];
  for (const ch of text) {
    // TODO: 找到 ch 在 charset 中的位置，换算成标签 / find ch in charset and turn its position into a label
  }
  return labels;
}
