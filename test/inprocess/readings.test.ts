// Every reading of the providers' docs × the scenarios it touches. Where the docs allow more than one
// behaviour the emulator plays each (test/emulator/readings.ts); every scenario must end correct, or
// failed with a message that says what may have happened: never a false success, never silent damage.
import { describe, expect, it } from 'vitest';
import type { Readings } from '../emulator/readings.ts';
import { DIGA, LANGDOCK, RETELL, TALKOVER } from '../emulator/seed.ts';
import type { ActionRun } from '../support/run-action.ts';
import { useInProcess } from '../support/in-process.ts';
import { annotations, doubts, resultError, statusHint } from '../support/outcome.ts';

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
        expect(result.summary).toContain(DIGA.inboundPhone);
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
      const error = resultError(result);
      expect(error).toMatchObject({ provider: 'Diga', step: 'plan' });
      // Not a failed request: the list read was answered, and the way out is the version input.
      expect(error.cause).not.toMatch(/\bHTTP\b/);
      expect(error.hint).toContain('version');
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
      // The unread bindings (Diga's 403) are a warning; where the answer shows the inbound number unbound,
      // another one names the input that binds it again.
      const warnings = annotations(result.stdout, 'warning');
      expect(warnings[0]).toContain('403');
      const rebind = warnings.filter((warning) => warning.includes('inbound-phone-number-id'));
      expect(rebind).toHaveLength(omitted === 'unbinds' ? 1 : 0);
      if (omitted === 'unbinds') {
        // Not silent: the answer shows the number unbound, and the log and summary say so, naming the input to set.
        expect(result.outputs['inbound-phone-number-id']).toBe('');
        expect(result.summary).toContain('inbound-phone-number-id');
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
        const [warning = ''] = annotations(result.stdout, 'warning');
        expect(warning).toContain(DIGA.inboundPhone);
        expect(result.summary).toContain(DIGA.inboundPhone);
      } else {
        expect(result.outputs['inbound-phone-number-id']).toBe(DIGA.inboundPhone);
        expect(result.result.warnings).toBeUndefined();
        expect(annotations(result.stdout, 'warning')).toEqual([]);
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
      const error = resultError(result);
      expect(error.cause).toContain(String(status));
      // Diga documents no 401, so a 403 has Diga's own hint, which does not only blame a permission.
      expect(error.hint).toBe(statusHint('diga', status));
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
        const error = resultError(result);
        expect(error).toMatchObject({ provider: 'Talkover', step: 'apply' });
        expect(error.cause).toContain('Agent is not ready to publish');
        expect(error.hint).toBe(statusHint('talkover', 422));
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
      // The readiness flag read false is a warning, in the log and the summary.
      if (after === 'stays') expect(result.result.warnings).toBeUndefined();
      else {
        expect(result.result.warnings).toHaveLength(1);
        expect(annotations(result.stdout, 'warning')).toHaveLength(1);
        expect(result.summary).toContain('is\\_ready\\_to\\_publish');
      }
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
        // Whatever the shape, what is missing reaches the failure, with the readiness hint.
        const error = resultError(result);
        expect(error.cause).toContain('voice is not configured');
        expect(error.hint).toBe(statusHint('talkover', 422));
        expect(annotations(result.stdout, 'error')[0]).toContain('voice is not configured');
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
      // The re-send waited its backoff first.
      expect((result.waits ?? []).length > 0).toBe(lock === 'once');
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
        // The doubt is a warning; the re-read found the write landed, so nothing was sent again.
        expect(doubts(result, `POST /publish-agent-version/${RETELL.withDraft}`)).toHaveLength(1);
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
      const error = resultError(result);
      expect(error).toMatchObject({ provider: 'Langdock', step: 'plan' });
      expect(error.cause).toContain(String(status));
      expect(error.hint).toBe(statusHint('langdock', status));
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
      // The failure names the input to fix and the path it lacks.
      const error = resultError(result);
      expect(error.cause).toContain('/api/public');
      expect(error.hint).toContain('base-url');
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
