export function globalAvgPool(input: number[][][]): number[] {
  return input.map((channel) => {
    let sum = 0;
    let count = 0;
    for (const row of channel) {
      for (const x of row) {
        sum += x;
        count++;
      }
    }
    return sum / count;
  });
}
