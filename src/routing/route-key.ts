// Whether two routes are one: the same target, and the same direction where the target has several (a
// route without a direction and one with an empty direction are the same route).
import type { RouteKey } from './types.ts';

export function sameRoute(a: RouteKey, b: RouteKey): boolean {
  return a.target === b.target && (a.direction ?? '') === (b.direction ?? '');
}
