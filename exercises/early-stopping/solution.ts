export function stopEpoch(valLosses: number[], patience: number): number {
  let best = valLosses[0];
  let epochsWithoutImprovement = 0;
  for (let epoch = 1; epoch < valLosses.length; epoch++) {
    if (valLosses[epoch] < best) {
      best = valLosses[epoch];
      epochsWithoutImprovement = 0;
    } else {
      epochsWithoutImprovement++;
      if (epochsWithoutImprovement >= patience) return epoch;
    }
  }
  return valLosses.length - 1;
}
