export function encode(text: string, charset: string): number[] {
  const labels: number[] = [];
  for (const ch of text) labels.push(charset.indexOf(ch) + 1);
  return labels;
}
