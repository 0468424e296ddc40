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

/** The next double after `value` towards `direction` (+1 or -1). */
function nextDouble(value: number, direction: 1 | -1): number {
  if (value === 0) return direction * Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([value]).buffer);
  bits[0] = (bits[0] ?? 0n) + BigInt(value > 0 === direction > 0 ? 1 : -1);
  return new Float64Array(bits.buffer)[0] ?? value;
}

/** What a list adds up to as the provider adds it: the doubles as sent, in the order sent. */
const floatSum = (numbers: readonly number[]): number => numbers.reduce((sum, n) => sum + n, 0);

/**
 * The numbers to send for this agent's entries (`own`, in millionths), so that with the other entries'
 * numbers as read (`others`, sent after them) the list adds up to exactly 1: the exact decimals when they
 * do; else the last own entry takes what is left (another agent at 1/3 or at 4e-7 is not a millionth).
 * undefined when no number in [0, 1] can (the others alone add up to more than 1).
 */
export function exactWeights(own: readonly number[], others: readonly number[]): number[] | undefined {
  const plain = own.map(weightNumber);
  // Without entries of this agent the others are sent as they were read.
  if (own.length === 0 || floatSum([...plain, ...others]) === 1) return plain;
  const fixed = plain.slice(0, -1);
  let last = 1 - floatSum([...fixed, ...others]);
  // Rounding may leave the sum a double or two off 1: step the last weight until it is exact.
  for (let step = 0; step < 16; step++) {
    const sum = floatSum([...fixed, last, ...others]);
    if (sum === 1) return last >= 0 && last <= 1 ? [...fixed, last] : undefined;
    last = nextDouble(last, sum > 1 ? -1 : 1);
  }
  return undefined;
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
