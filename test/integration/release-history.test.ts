// The release history a rollback without a version reads, from GitHub deployment records (the GitHub
// emulator over real HTTP): only the action's own records of releases count; records that do not fit their
// shape, lack the marker, belong to another environment or task, or record a rollback are passed over.
import { describe, expect, it } from 'vitest';
import { createDeploymentTracker } from '../../src/action/deployments.ts';
import { releaseHistory } from '../../src/action/release-history.ts';
import { readRecord } from '../../src/action/release-record.ts';
import { readInputs } from '../../src/inputs/index.ts';
import type { Logger } from '../../src/log.ts';
import { providers } from '../../src/providers/index.ts';
import { GITHUB_REPOSITORY, GITHUB_TOKEN } from '../emulator/github.ts';
import { KEYS, RETELL } from '../emulator/seed.ts';
import { TAG_PUSH } from '../support/trigger.ts';
import { useGitHubEmulator } from '../support/use-emulator.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const github = useGitHubEmulator();
const ENVIRONMENT = 'retell-production';
const AGENT = RETELL.withDraft;

function rollbackRequest() {
  const values: Record<string, string> = {
    provider: 'retell',
    'agent-id': AGENT,
    'api-key': KEYS.retell,
    operation: 'rollback',
    'phone-numbers': '+14155550101',
    environment: ENVIRONMENT,
    'github-token': GITHUB_TOKEN,
  };
  const [request] = readInputs(
    { input: (name) => values[name] ?? '', env: () => undefined, clock: virtualClock() },
    TAG_PUSH,
    providers,
  ).requests;
  if (request === undefined) throw new Error('no request');
  return request;
}

let nextId = 5000;
/** A successful record with this payload, newer than those seeded before it. */
function seed(payload: unknown, where: { environment?: string; task?: string } = {}): number {
  const id = nextId++;
  github.deployments.set(id, {
    id,
    ref: TAG_PUSH.sha,
    environment: where.environment ?? ENVIRONMENT,
    task: where.task ?? 'publish-agent',
    payload,
    createdAt: '2026-11-29T23:10:00Z',
    statuses: [{ id: id * 10, state: 'success', description: '' }],
  });
  return id;
}

const mine = (fields: Record<string, unknown>) => ({
  recordedBy: 'publish-agent',
  schema: 2,
  provider: 'retell',
  agent: AGENT,
  operation: 'publish',
  ...fields,
});
const ONE = [{ version: '1', weight: '1' }];
const route = (after: unknown, before: unknown = ONE) => [
  { target: '+14155550101', direction: 'inbound', before, after },
];

async function previous() {
  const warnings: string[] = [];
  const log: Logger = {
    info: () => undefined,
    notice: () => undefined,
    debug: () => undefined,
    warning: (message) => {
      warnings.push(message);
    },
  };
  const tracker = createDeploymentTracker(
    { apiUrl: github.origin, repository: GITHUB_REPOSITORY, sha: TAG_PUSH.sha, runUrl: TAG_PUSH.runUrl },
    log,
  );
  const read = releaseHistory(tracker, rollbackRequest());
  const releases = (await read?.(() => false)) ?? [];
  return { releases, release: releases[1], warnings };
}

describe('releaseHistory', () => {
  it('takes the newest record of another version, with its routes', async () => {
    const after = [
      { version: '1', weight: '0.9' },
      { version: '2', weight: '0.1' },
    ];
    seed(mine({ released: '1', traffic: route(after) }));
    seed(mine({ released: '2' }));
    const { release, warnings } = await previous();
    expect(release).toMatchObject({ version: '1', traffic: route(after) });
    expect(warnings).toEqual([]);
  });

  it.each(['latest_published', 'v2', 'prod-1'])(
    'reads a route that followed the label %s as serving the version live before the release',
    async (label) => {
      const after = [{ version: '2', weight: '1' }];
      seed(mine({ released: '2', previous: '1', traffic: route(after, [{ version: label, weight: '1' }]) }));
      seed(mine({ released: '3' }));
      const { release, warnings } = await previous();
      expect(warnings).toEqual([]);
      expect(release).toMatchObject({ version: '2', traffic: route(after, ONE) });
    },
  );

  it('refuses to choose without the repository, rather than finding no release', async () => {
    const tracker = createDeploymentTracker(
      { apiUrl: github.origin, repository: undefined, sha: TAG_PUSH.sha, runUrl: TAG_PUSH.runUrl },
      { info: () => undefined, notice: () => undefined, debug: () => undefined, warning: () => undefined },
    );
    seed(mine({ released: '1' }));
    await expect(releaseHistory(tracker, rollbackRequest())?.(() => false)).rejects.toThrow(
      /GITHUB_REPOSITORY/,
    );
    expect(github.requests).toEqual([]);
  });

  it('passes over records of other agents quietly, and reads a payload GitHub gives back as a JSON string', async () => {
    seed(JSON.stringify(mine({ released: '1' })));
    seed({ provider: 'retell', agent: 'agent_someone_else', released: '9' });
    seed(mine({ released: '2' }));
    const { release, warnings } = await previous();
    expect(release?.version).toBe('1');
    expect(warnings).toEqual([]);
  });

  it.each([
    [
      'routes whose weights do not add up to 1',
      mine({ released: '3', traffic: route([{ version: '3', weight: '0.5' }]) }),
    ],
    [
      'a weight that is not an exact decimal',
      mine({ released: '3', traffic: route([{ version: '3', weight: '1e0' }]) }),
    ],
    ['a weight given as a number', mine({ released: '3', traffic: route([{ version: '3', weight: 1 }]) })],
    [
      'a route without a target',
      mine({ released: '3', traffic: [{ after: [{ version: '3', weight: '1' }] }] }),
    ],
    ['routes that are not a list', mine({ released: '3', traffic: { '+14155550101': '3' } })],
    ['a version that is not text', mine({ released: 3 })],
    ['a version not written as this action writes it ("0x0")', mine({ released: '0x0' })],
    ['a version with leading zeros', mine({ released: '007' })],
    [
      'a route version not written as this action writes it',
      mine({
        released: '3',
        traffic: route([{ version: '3', weight: '1' }], [{ version: '0x1', weight: '1' }]),
      }),
    ],
    ['no marker (a record someone else wrote)', { provider: 'retell', agent: AGENT, released: '3' }],
    ['a payload that is not JSON', '{"provider":"retell",'],
    ['a payload that names no agent', { provider: 'retell' }],
  ])('never uses a record with %s: it warns which record and takes the next one', async (_case, payload) => {
    seed(mine({ released: '1' }));
    const hostile = seed(payload);
    seed(mine({ released: '2' }));
    const { release, warnings } = await previous();
    expect(release?.version).toBe('1');
    expect(release?.traffic).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^GitHub deployment ${String(hostile)} is not used to choose the rollback: .+\\.$`),
    );
  });

  it('does not print text from a hostile payload in its warning', async () => {
    seed(mine({ released: '1' }));
    seed(
      mine({
        released: '::set-output name=PWNED::1',
        traffic: route([{ version: '::error::PWNED', weight: 'x' }]),
      }),
    );
    seed(mine({ released: '2' }));
    const { release, warnings } = await previous();
    expect(release?.version).toBe('1');
    expect(warnings.join('\n')).not.toContain('PWNED');
  });

  it('passes over the records of rollbacks and of steps that released nothing, quietly', async () => {
    seed(mine({ released: '1' }));
    seed(mine({ released: '2' }));
    seed(mine({ released: '1', operation: 'rollback' }));
    seed(mine({}));
    const { releases, warnings } = await previous();
    expect(releases.map((release) => release.version)).toEqual(['2', '1']);
    expect(warnings).toEqual([]);
  });
});

describe('readRecord', () => {
  const item = (fields: Record<string, unknown>) => ({
    id: 7,
    created_at: '2026-11-29T23:10:00Z',
    environment: ENVIRONMENT,
    task: 'publish-agent',
    payload: mine({ released: '1' }),
    ...fields,
  });

  it("trusts the action's own record of a release", () => {
    expect(readRecord(item({}), rollbackRequest(), ENVIRONMENT)).toMatchObject({
      release: { id: 7, version: '1' },
    });
  });

  it.each([
    ['another environment', { environment: 'staging' }],
    ['another task', { task: 'deploy' }],
    ['a time that is not one', { created_at: '::error::x' }],
  ])('passes over a record of %s, with a warning, although GitHub was asked to filter', (_case, fields) => {
    expect(readRecord(item(fields), rollbackRequest(), ENVIRONMENT)).toMatchObject({ warn: true });
  });
});
