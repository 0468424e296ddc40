// Two manifest entries that write one route (a phone number both list, a phone both bind) would each read
// it, then each write it back whole: the second write would carry the first agent's old entry and undo its
// change (a lost update), and with verify off both would report success. Refused before any request,
// naming both entries and the route.
import type { ManifestProblem } from '../errors.ts';
import type { AgentTarget, ProviderAdapter } from '../providers/types.ts';

interface RoutingEntry {
  readonly adapter: ProviderAdapter;
  readonly target: AgentTarget;
  /** "entry 3 "support-de" (line 14)", at the line of `key` where it is given. */
  readonly at: (key?: string) => string;
  readonly lineOf: (key?: string) => number;
}

interface Route {
  /** What names the route across entries: the provider and the number or phone id. */
  readonly key: string;
  readonly value: string;
  readonly input: string;
}

/** The routes an entry writes: its listed numbers, and the phones its route inputs bind. */
function routesOf({ adapter, target }: RoutingEntry): Route[] {
  const numbers = (target.traffic?.targets ?? []).map((value) => ({ value, input: 'phone-numbers' }));
  const bound = adapter.extraInputs.flatMap((input) => {
    const value = input.route === true ? target.extras[input.name] : undefined;
    return value === undefined ? [] : [{ value, input: input.name }];
  });
  return [...numbers, ...bound].map((route) => ({ ...route, key: `${adapter.name} ${route.value}` }));
}

export function sharedRouteProblems(entries: readonly RoutingEntry[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const owners = new Map<string, { entry: RoutingEntry; route: Route }>();
  for (const entry of entries) {
    for (const route of routesOf(entry)) {
      const first = owners.get(route.key);
      if (first === undefined) {
        owners.set(route.key, { entry, route });
        continue;
      }
      if (first.entry === entry) continue;
      problems.push({
        where: entry.at(route.input),
        line: entry.lineOf(route.input),
        message: `routes ${entry.adapter.displayName} ${route.value}, which ${first.entry.at(first.route.input)} routes too: each would write it back whole, and one would undo the other's change.`,
        hint: `Name ${route.value} in one entry only, or release these agents in separate steps.`,
      });
    }
  }
  return problems;
}
