// Every reading of the providers' docs × the scenarios it touches. Where the docs allow more than one
// behaviour the emulator plays each (test/emulator/readings.ts); every scenario must end correct, or
// failed with a message that says what may have happened: never a false success, never silent damage.
import { describe, expect, it } from 'vitest';
import type { Readings } from '../emulator/readings.ts';
import { DIGA, LANGDOCK, RETELL, TALKOVER } from '../emulator/seed.ts';
import type { ActionRun } from '../support/run-action.ts';
import { useInProcess } from '../support/in-process.ts';

const { emulator, run, writes } = useInProcess();

/** One row of the table: a reading, a scenario, and what must come out. */
interface Case {
  readonly scenario: string;
  readonly readings: Partial<Readings>;
  readonly act: () => Promise<ActionRun>;
  readonly check: (result: ActionRun) => void;
}

const UNKNOWN_UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c33ff';

function digaAgent(id: string) {
  const agent = emulator.state.diga.agents.get(id);
  if (agent === undefined) throw new Error(`no Diga agent ${id} in the seed`);
  return agent;
}

function retellVersion(number: number) {
  return emulator.state.retell.agents.get(RETELL.withDraft)?.versions.find((v) => v.version === number);
}

/** Diga's version-list readings, each alone: paging, the order parameter, the default order. */
const DIGA_LIST_READINGS: readonly Partial<Readings>[] = [
  {},
  { digaPaging: 'total-pages-only' },
  { digaVersionOrder: 'rejected' },
  { digaDefaultOrder: 'asc' },
  { digaPaging: 'total-pages-only', digaDefaultOrder: 'asc', digaVersionOrder: 'rejected' },
];

const digaCases: Case[] = [
  ...(['keeps-binding', 'unbinds'] as const).flatMap((omitted) =>
    DIGA_LIST_READINGS.map((list): Case => ({
      scenario: 'Diga: publish the newest version of an agent with a bound inbound number',
      readings: { digaOmittedPhone: omitted, ...list },
      act: () => run('diga', { 'agent-id': DIGA.withNewVersion }),
      check(result) {
        expect(result.exitCode).toBe(0);
        expect(result.outputs).toMatchObject({
          status: 'published',
          version: '3',
          'inbound-phone-number-id': DIGA.inboundPhone,
          'outbound-phone-number-id': '',
        });
        expect(writes()).toHaveLength(1);
        // The binding survives whichever way Diga reads a left-out field.
        expect(digaAgent(DIGA.withNewVersion).inbound_phone_number_id).toBe(DIGA.inboundPhone);
        expect(result.summary).toContain(`\`inbound-phone-number-id\` \`${DIGA.inboundPhone}\``);
      },
    })),
  ),
  ...DIGA_LIST_READINGS.map((list): Case => ({
    scenario: 'Diga: publish the newest of 130 versions (two pages)',
    readings: list,
    act: () => run('diga', { 'agent-id': DIGA.longHistory }),
    check(result) {
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({ status: 'published', version: '130', 'previous-version': '3' });
      expect(writes()).toHaveLength(1);
    },
  })),
  {
    scenario: 'Diga: publish the newest version of an agent with a bound inbound number',
    readings: { digaPaging: 'neither' },
    act: () => run('diga', { 'agent-id': DIGA.withNewVersion }),
    check(result) {
      // A page shorter than the page size is the last one, whatever the envelope says.
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({ status: 'published', version: '3' });
      expect(writes()).toHaveLength(1);
    },
  },
  {
    scenario: 'Diga: publish the newest of 130 versions (two pages)',
    readings: { digaPaging: 'neither' },
    act: () => run('diga', { 'agent-id': DIGA.longHistory }),
    check(result) {
      // A full page that does not say whether more follow is not taken as the whole list.
      expect(result.exitCode).toBe(1);
      expect(writes()).toEqual([]);
      expect(result.stdout).toContain('without saying whether more follow');
      expect(result.stdout).toContain('Fix: Set version to the version UUID');
    },
  },
  ...(['keeps-binding', 'unbinds'] as const).map((omitted): Case => ({
    scenario: 'Diga: the key may not read phones (403), so the bindings are unknown',
    readings: { digaOmittedPhone: omitted },
    act: () => {
      emulator.failNext({
        provider: 'diga',
        path: '/v1/phone/',
        status: 403,
        body: { status: 'error', error_code: 'FORBIDDEN', message: 'Missing phones.read' },
      });
      return run('diga', { 'agent-id': DIGA.withNewVersion });
    },
    check(result) {
      expect(result.exitCode).toBe(0);
      expect(result.outputs.status).toBe('published');
      expect(writes()).toHaveLength(1);
      expect(result.stdout).toContain('Could not read the agent');
      if (omitted === 'unbinds') {
        // Not silent: the answer shows the number unbound, and the log and summary say so.
        expect(result.outputs['inbound-phone-number-id']).toBe('');
        expect(result.stdout).toContain('no phone number routes inbound calls to this agent');
        expect(result.summary).toContain('**Warning:** Diga answered that no phone number routes inbound');
      } else {
        expect(result.outputs['inbound-phone-number-id']).toBe(DIGA.inboundPhone);
      }
    },
  })),
  ...(['keeps-binding', 'unbinds'] as const).map((omitted): Case => ({
    scenario: 'Diga: unpublish an agent with a bound inbound number',
    readings: { digaOmittedPhone: omitted },
    act: () => run('diga', { 'agent-id': DIGA.withNewVersion, operation: 'unpublish' }),
    check(result) {
      expect(result.exitCode).toBe(0);
      expect(result.outputs.status).toBe('unpublished');
      expect(writes()).toHaveLength(1);
      if (omitted === 'unbinds') {
        // The unpublish itself unbound the number: said in the log and summary, with the number to bind again.
        expect(result.outputs['inbound-phone-number-id']).toBe('');
        expect(result.stdout).toContain(`(it was ${DIGA.inboundPhone})`);
        expect(result.summary).toContain('**Warning:** Diga answered that no phone number routes inbound');
      } else {
        expect(result.outputs['inbound-phone-number-id']).toBe(DIGA.inboundPhone);
        expect(result.summary).not.toContain('Warning');
      }
    },
  })),
  ...([401, 403] as const).map((status): Case => ({
    scenario: 'Diga: a wrong key',
    readings: { digaBadKey: status },
    act: () => run('diga', { 'agent-id': DIGA.withNewVersion, 'api-key': 'dg_wrong_0000000000000' }),
    check(result) {
      expect(result.exitCode).toBe(1);
      expect(writes()).toEqual([]);
      expect(result.stdout).toContain(`answered HTTP ${status}`);
      // Diga documents no 401, so a 403 must not only blame a permission.
      expect(result.stdout).toMatch(status === 401 ? /Check the Diga API key/ : /may be invalid or revoked/);
    },
  })),
];

const talkoverCases: Case[] = [
  ...(['stays', 'false-publish-works', 'false-publish-refused'] as const).map((after): Case => ({
    scenario: 'Talkover: publish → unpublish → publish',
    readings: { talkoverReadyAfterUnpublish: after },
    async act() {
      const agent = { 'agent-id': TALKOVER.draftReady };
      expect((await run('talkover', agent)).exitCode).toBe(0);
      expect((await run('talkover', { ...agent, operation: 'unpublish' })).exitCode).toBe(0);
      return run('talkover', agent);
    },
    check(result) {
      expect(writes()).toHaveLength(3);
      const status = emulator.state.talkover.agents.get(TALKOVER.draftReady)?.current_status;
      if (after === 'false-publish-refused') {
        expect(result.exitCode).toBe(1);
        expect(status).toBe('draft');
        expect(result.stdout).toContain('answered HTTP 422: Agent is not ready to publish');
        expect(result.stdout).toContain('Fix: Finish the agent in Talkover');
      } else {
        expect(result.exitCode).toBe(0);
        expect(result.outputs.status).toBe('published');
        expect(status).toBe('published');
      }
    },
  })),
  ...(['stays', 'false-publish-works'] as const).map((after): Case => ({
    scenario: 'Talkover: dry run of a publish after an unpublish',
    readings: { talkoverReadyAfterUnpublish: after },
    async act() {
      await run('talkover', { 'agent-id': TALKOVER.published, operation: 'unpublish' });
      return run('talkover', { 'agent-id': TALKOVER.published, 'dry-run': 'true' });
    },
    check(result) {
      expect(result.exitCode).toBe(0);
      expect(result.outputs.status).toBe('dry-run');
      expect(writes()).toHaveLength(1);
      if (after === 'stays') expect(result.summary).not.toContain('Warning');
      else expect(result.summary).toContain('**Warning:** Talkover shows is\\_ready\\_to\\_publish: false');
    },
  })),
  ...(['errors-list', 'message-only', 'error-details', 'errors-without-message'] as const).map(
    (shape): Case => ({
      scenario: 'Talkover: publish an agent that is not ready (422)',
      readings: { talkoverNotReadyShape: shape },
      act: () => run('talkover', { 'agent-id': TALKOVER.notReady }),
      check(result) {
        expect(result.exitCode).toBe(1);
        expect(writes()).toHaveLength(1);
        // Whatever the shape, what is missing reaches the log.
        expect(result.stdout).toMatch(/answered HTTP 422.*voice is not configured/);
        expect(result.stdout).toContain('Fix: Finish the agent in Talkover');
      },
    }),
  ),
];

const retellCases: Case[] = [
  ...(['never', 'once'] as const).map((lock): Case => ({
    scenario: 'Retell: publish the newest draft',
    readings: { retellLock: lock },
    act: () => run('retell', { 'agent-id': RETELL.withDraft }),
    check(result) {
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({ status: 'published', version: '2' });
      // A 409 lock was not applied: the publish is sent again, once.
      expect(writes()).toHaveLength(lock === 'once' ? 2 : 1);
      if (lock === 'once') expect(result.stdout).toContain('HTTP 409, retry 1/3');
      expect(retellVersion(2)?.is_published).toBe(true);
    },
  })),
  ...(['no-new-version', 'new-draft'] as const).flatMap((after) => [
    {
      scenario: 'Retell: publish the newest draft, then run again',
      readings: { retellAfterPublish: after },
      async act() {
        const first = await run('retell', { 'agent-id': RETELL.withDraft, version: '2' });
        expect(first.outputs).toMatchObject({ status: 'published', version: '2' });
        return run('retell', { 'agent-id': RETELL.withDraft, version: '2' });
      },
      check(result: ActionRun) {
        expect(result.exitCode).toBe(0);
        expect(result.outputs.status).toBe('unchanged');
        expect(writes()).toHaveLength(1);
      },
    },
    {
      scenario: 'Retell: the publish response is lost',
      readings: { retellAfterPublish: after },
      act: () => {
        emulator.disruptNext({ provider: 'retell', method: 'POST', disruption: 'lost-response' });
        return run('retell', { 'agent-id': RETELL.withDraft });
      },
      check(result: ActionRun) {
        expect(result.exitCode).toBe(0);
        expect(result.outputs).toMatchObject({ status: 'published', version: '2' });
        expect(writes()).toHaveLength(1);
        expect(result.stdout).toContain('the first try went through (version 2 is published)');
        if (after === 'new-draft') expect(retellVersion(3)?.is_published).toBe(false);
      },
    },
  ]),
];

const langdockCases: Case[] = [
  ...([404, 400] as const).map((status): Case => ({
    scenario: 'Langdock: an agent the key cannot see',
    readings: { langdockUnknownAgent: status },
    act: () => run('langdock', { 'agent-id': UNKNOWN_UUID }),
    check(result) {
      expect(result.exitCode).toBe(1);
      expect(writes()).toEqual([]);
      expect(result.stdout).toContain(`answered HTTP ${status}`);
      expect(result.stdout).toMatch(/Fix: Check agent-id.*(no such agent|not shared)/);
    },
  })),
  {
    scenario: 'Langdock: a dedicated deployment base-url without /api/public',
    readings: {},
    act: () =>
      run('langdock', { 'agent-id': LANGDOCK.withChanges, 'base-url': `${emulator.origin}/langdock` }),
    check(result) {
      expect(result.exitCode).toBe(1);
      expect(writes()).toEqual([]);
      expect(result.stdout).toContain('does not end in /api/public');
      expect(result.stdout).toContain('Fix: Set base-url to your deployment');
    },
  },
];

function title(test: Case): string {
  const readings = Object.entries(test.readings).map(([name, value]) => `${name}=${String(value)}`);
  return `${test.scenario} [${readings.join(', ') || 'defaults'}]`;
}

describe.each([
  ['Diga', digaCases],
  ['Talkover', talkoverCases],
  ['Retell', retellCases],
  ['Langdock', langdockCases],
])('%s in every reading', (_provider, cases) => {
  it.each(cases.map((test) => [title(test), test] as const))('%s', async (_title, test) => {
    emulator.setReadings(test.readings);
    test.check(await test.act());
  });
});
