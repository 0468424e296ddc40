// Where calls go: every route read after the step, judged against what the step asked, and its table.
import { describe, expect, it } from 'vitest';
import { routesSection } from '../../src/action/summary-routes.ts';
import type { AgentReport } from '../../src/publish/report.ts';
import { judgeRoutes, misrouted } from '../../src/routing/where.ts';

const CANARY = [
  { version: '8', weight: '0.1' },
  { version: '7', weight: '0.9' },
];

describe('judgeRoutes', () => {
  const planned = [{ target: '+14155550101', direction: 'inbound', before: [], after: CANARY }];

  it('judges a named route by its planned split, in any order', () => {
    const [record] = judgeRoutes(
      [{ target: '+14155550101', direction: 'inbound', serves: [...CANARY].reverse() }],
      planned,
    );
    expect(record).toMatchObject({ asked: true, servesAsked: true });
    expect(misrouted(judgeRoutes([], []))).toEqual([]);
  });

  it('marks a named route that serves something else, and only that one fails the step', () => {
    const records = judgeRoutes(
      [
        { target: '+14155550101', direction: 'inbound', serves: [{ version: '7', weight: '1' }] },
        {
          target: '+14155550102',
          direction: 'inbound',
          serves: [{ version: '7', weight: '1' }],
          servesRelease: false,
        },
      ],
      planned,
    );
    expect(records.map((record) => [record.asked, record.servesAsked])).toEqual([
      [true, false],
      [false, false],
    ]);
    expect(misrouted(records).map((record) => record.target)).toEqual(['+14155550101']);
  });

  it('fails a route the provider routes to the release (asked) that serves another version', () => {
    const records = judgeRoutes([
      { target: 'phone-1', serves: [{ version: 'v2', weight: '1' }], asked: true, servesRelease: false },
    ]);
    expect(misrouted(records)).toHaveLength(1);
  });

  it('lists a route it could not read, or a named one the read left out, as unknown: never dropped', () => {
    const records = judgeRoutes([{ target: '+14155550103', unreadable: 'HTTP 500' }], planned);
    expect(records).toEqual([
      { target: '+14155550103', serves: 'unknown', asked: false, servesAsked: 'unknown', note: 'HTTP 500' },
      {
        target: '+14155550101',
        direction: 'inbound',
        serves: 'unknown',
        asked: true,
        servesAsked: 'unknown',
        note: 'not among the routes read after the step',
      },
    ]);
    expect(misrouted(records)).toEqual([]);
  });
});

describe('routesSection', () => {
  const report: AgentReport = {
    provider: 'retell',
    providerName: 'Retell',
    agentId: 'agent_1',
    operation: 'publish',
    status: 'published',
    description: '',
    routes: [
      { target: '+14155550101', direction: 'inbound', serves: CANARY, asked: true, servesAsked: true },
      {
        target: '+14155550103',
        direction: 'inbound',
        serves: [{ version: 'latest', weight: '1' }],
        asked: false,
        servesAsked: false,
        note: 'resolves latest → 9',
        warning: 'has an inbound webhook',
      },
      { target: 'agent', serves: 'unknown', asked: true, servesAsked: 'unknown', note: 'HTTP 500' },
    ],
  };

  it('shows every route, what it serves, and marks the ones that do not serve what was asked', () => {
    expect(routesSection(report, false)).toBe(
      [
        '**Where calls go**',
        '',
        '| Route | Serves now | Serves what the step asked |',
        '| --- | --- | --- |',
        '| `+14155550101` inbound | v8 10 % · v7 90 % | ✅ yes |',
        '| `+14155550103` inbound | latest 100 % | ⚠️ does not serve the release (not named by the step)<br>resolves latest → 9<br>has an inbound webhook |',
        '| `agent` | ❔ unknown | ❔ unknown<br>HTTP 500 |',
      ].join('\n'),
    );
  });

  it('shows what a route serves by the names the adapter gave, other agents by id', () => {
    const split = [
      { version: 'agtbrch_main', weight: '0.9' },
      { version: 'agtbrch_exp', weight: '0.1' },
      { version: '3', weight: '0', agentId: 'agent_2' },
    ];
    const names = { agtbrch_main: 'main', agtbrch_exp: 'experiment', 3: 'not this one' };
    const named: AgentReport = {
      ...report,
      routes: [{ target: 'agent', serves: split, names, asked: true, servesAsked: true }],
    };
    expect(routesSection(named, false)).toContain(
      '| `agent` | main 90 % · experiment 10 % · `agent_2` v3 0 % | ✅ yes |',
    );
  });

  it('marks a route with a warning even where it serves the release', () => {
    const [first] = report.routes ?? [];
    if (first === undefined) throw new Error('no route');
    const warned = { ...report, routes: [{ ...first, warning: 'has an inbound webhook' }] };
    expect(routesSection(warned, false)).toContain('| ⚠️ yes<br>has an inbound webhook |');
  });

  it('names the agent with several, and shows nothing where no routes were read', () => {
    expect(routesSection(report, true)).toContain('**Where calls go (Retell `agent_1`)**');
    const withoutRoutes: AgentReport = { ...report };
    delete (withoutRoutes as { routes?: unknown }).routes;
    expect(routesSection(withoutRoutes, false)).toBeUndefined();
    expect(routesSection({ ...report, routes: [] }, false)).toBe(
      '**Where calls go:** no phone number or split routes calls to this agent.',
    );
  });
});
