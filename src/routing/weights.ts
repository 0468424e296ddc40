// Exact arithmetic on route weights. Providers send weights as JSON numbers (0.1, 0.9) that must add up
// to 1; sums of floats do not (0.1 + 0.2 !== 0.3), so every computation here is on integers: millionths
// of the route. A weight leaves as an exact decimal string ("0.1") or as the number that string names.

/** One route, in millionths: fine enough for a 0.01 % canary of a 1 % share. */
export const WHOLE = 1_000_000;
const PER_BASIS_POINT = WHOLE / 10_000;

/** A provider's weight (a number in [0, 1]) in millionths; NaN for anything else. */
export function unitsOf(weight: unknown): number {
  return typeof weight === 'number' && weight >= 0 && weight <= 1 ? Math.round(weight * WHOLE) : NaN;
}

/** Millionths as the exact decimal string of the fraction: 100000 → "0.1", 1000000 → "1". */
export function weightText(units: number): string {
  const whole = Math.floor(units / WHOLE);
  const fraction = String(units % WHOLE)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** The JSON number a provider is sent: the double nearest the exact decimal, as an SDK user's literal would be. */
export function weightNumber(units: number): number {
  return Number(weightText(units));
}

/** "0.1" → 100000. */
export function unitsOfText(weight: string): number {
  return unitsOf(Number(weight));
}

export function basisPointsToUnits(basisPoints: number): number {
  return basisPoints * PER_BASIS_POINT;
}

/**
 * Splits `total` over parts in proportion to their `units`, exactly: the largest-remainder method, so
 * that the results add up to `total`. With no parts, or parts that weigh nothing, the first takes all.
 */
export function spread(total: number, units: readonly number[]): number[] {
  const sum = units.reduce((a, b) => a + b, 0);
  if (units.length === 0) return [];
  if (sum === 0) return units.map((_, i) => (i === 0 ? total : 0));
  const exact = units.map((part) => (part * total) / sum);
  const result = exact.map(Math.floor);
  let left = total - result.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    left--;
  }
  return result;
}

/** A weight for people: "0.1" → "10 %", "0.125" → "12.5 %". */
export function percentText(weight: string): string {
  const units = unitsOfText(weight);
  if (Number.isNaN(units)) return weight;
  return `${weightText(units * 100)
    .replace(/^(\d+)\.(\d{0,4}).*$/, '$1.$2')
    .replace(/\.$/, '')} %`;
}
