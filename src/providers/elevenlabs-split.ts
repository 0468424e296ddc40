// ElevenLabs traffic splits in exact integer units: parts per million of the agent's calls. The API
// carries fractions of 1 (the SDK's own example sends 0.5); working in integers keeps "adds up to
// exactly 1" true through every computation, and turns back into short exact decimals.
import { StateError } from '../errors.ts';

export const PPM = 1_000_000;

/** Branch id → share in parts per million; the shares of a non-empty split add up to PPM. */
export type Split = ReadonlyMap<string, number>;

/**
 * Reads a split the API gave as numbers: fractions of 1, or percentages (the scale of
 * `current_live_percentage` is not documented), told apart by their sum. Anything else is refused:
 * a guessed split would move calls nobody asked to move.
 */
export function readSplit(raw: ReadonlyMap<string, number>, where: string): Split {
  const entries = [...raw].filter(([, share]) => share > 0);
  const sum = entries.reduce((total, [, share]) => total + share, 0);
  if (entries.length === 0) return new Map();
  const scale = Math.abs(sum - 1) < 1e-6 ? 1 : Math.abs(sum - 100) < 1e-4 ? 100 : undefined;
  if (scale === undefined) {
    throw new StateError(
      `ElevenLabs' ${where} add up to ${sum}, neither 1 (fractions) nor 100 (percentages), so the live split cannot be read.`,
      'Check the deployment in the ElevenLabs app; if it looks right there, please open an issue with this log.',
    );
  }
  return apportion(new Map(entries.map(([id, share]) => [id, share / scale])), PPM);
}

/** Shares proportional to `weights`, in integers that add up to exactly `total` (largest remainder). */
export function apportion(weights: ReadonlyMap<string, number>, total: number): Split {
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return new Map();
  const exact = [...weights].map(([id, weight]) => ({ id, value: (weight / sum) * total }));
  const floors = new Map(exact.map(({ id, value }) => [id, Math.floor(value)]));
  let left = total - [...floors.values()].reduce((a, b) => a + b, 0);
  // Ties go to the earlier entry, so the result does not depend on floating-point noise alone.
  const byRemainder = exact.toSorted(
    (a, b) => b.value - Math.floor(b.value) - (a.value - Math.floor(a.value)),
  );
  for (const { id } of byRemainder) {
    if (left <= 0) break;
    floors.set(id, (floors.get(id) ?? 0) + 1);
    left--;
  }
  return new Map([...floors].filter(([, share]) => share > 0));
}

/**
 * `branchId` at `share`; the branches serving now keep the rest in their current proportions. Undefined
 * when nothing else serves calls to keep the rest.
 */
export function withShare(current: Split, branchId: string, share: number): Split | undefined {
  if (share >= PPM) return new Map([[branchId, PPM]]);
  const others = new Map([...current].filter(([id]) => id !== branchId));
  if (others.size === 0) return undefined;
  return new Map([[branchId, share], ...apportion(others, PPM - share)]);
}

export function sameSplit(a: Split, b: Split): boolean {
  return a.size === b.size && [...a].every(([id, share]) => b.get(id) === share);
}

/** "0.1", "1", "0.333333": the share as an exact decimal fraction of 1. */
export function weightOf(share: number): string {
  const whole = Math.floor(share / PPM);
  const fraction = String(share % PPM)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** The inverse of weightOf; undefined for anything but a decimal from 0 to 1 with at most six places. */
export function shareOf(weight: string): number | undefined {
  const match = /^(0|1)(?:\.(\d{1,6}))?$/.exec(weight);
  if (match?.[1] === undefined) return undefined;
  const share = Number(match[1]) * PPM + Number((match[2] ?? '').padEnd(6, '0'));
  return share <= PPM ? share : undefined;
}

/** The branch serving the most calls (the first such in `order`), or undefined for an empty split. */
export function largest(split: Split, order: readonly string[]): string | undefined {
  const ranked = [...split].toSorted(([a, x], [b, y]) => y - x || rank(order, a) - rank(order, b));
  return ranked[0]?.[0];
}

function rank(order: readonly string[], id: string): number {
  const index = order.indexOf(id);
  return index === -1 ? order.length : index;
}
