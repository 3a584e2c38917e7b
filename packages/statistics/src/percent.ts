/** A percentage (0–100, unrounded), or null where the base is zero: shown as "–", never NaN or Infinity. */
export type Percentage = number | null;

/** part / base × 100; null when the base is zero (or not a finite positive number). */
export function percentage(part: number, base: number): Percentage {
  if (!Number.isFinite(part) || !Number.isFinite(base) || base <= 0) return null;
  return (part / base) * 100;
}

/** "9.09 %" (a space before the sign, as in the reports); "–" when there is no value. */
export function formatPercent(value: Percentage, decimals = 2): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${roundHalfUp(value, decimals).toFixed(decimals)} %`;
}

/** Rounds half away from zero at `decimals`, correcting binary noise (1.005 → 1.01, not 1.00). */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}
