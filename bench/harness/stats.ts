/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** (max - min) / median: how far apart the rounds were; NaN for fewer than two. */
export function relativeSpread(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}
