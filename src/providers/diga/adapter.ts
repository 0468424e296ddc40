// Diga: immutable numbered versions with UUIDs; one of them is published and serves every phone number.
import { listed, StateError } from '../../errors.ts';
import { encodePath } from '../../http/url.ts';
import { at, compact } from '../shared/json.ts';
import { label, readVersions, ref, type DigaVersion } from './versions.ts';
import { refusedForOtherNumbers, sweepNumbers } from './sweep.ts';
import { digaWhere } from './where.ts';
import { readAfterWrite } from './read-back.ts';
import {
  answeredBindings,
  bindingsAfter,
  INBOUND,
  OUTBOUND,
  phoneFields,
  readBindings,
  verifyBindings,
  type DigaState,
} from './phones.ts';
import { digaConfigs } from './config.ts';
import { isUuid, uuidRule, versionNumber } from '../shared/rules.ts';
import type { Plan, ProviderAdapter } from '../types.ts';

function choose(versions: readonly DigaVersion[], wanted: string | undefined, agentId: string): DigaVersion {
  const saved = versions.filter((version) => !version.draft);
  if (wanted === undefined) {
    const newest = saved[0];
    if (newest === undefined) {
      throw new StateError(
        `Diga agent ${agentId} has no saved version.`,
        'Save the draft as a version in Diga, then re-run.',
      );
    }
    return newest;
  }
  const chosen = isUuid(wanted)
    ? versions.find((version) => version.id === wanted)
    : versions.find((version) => version.number === versionNumber(wanted));
  if (chosen === undefined) {
    const known = listed(saved.map(label)) || 'none';
    throw new StateError(
      `Diga agent ${agentId} has no version ${wanted} (saved versions: ${known}).`,
      'Set version to one of the saved versions (number or UUID), or leave it empty to publish the newest one.',
    );
  }
  if (chosen.draft) {
    throw new StateError(
      `Version ${wanted} of Diga agent ${agentId} is the draft, which cannot be published.`,
      'Save the draft as a version in Diga and publish that version.',
    );
  }
  return chosen;
}

export const diga: ProviderAdapter<DigaState> = {
  name: 'diga',
  displayName: 'Diga',
  defaultBaseUrl: 'https://api.diga.io',
  apiKeyEnv: 'DIGA_API_KEY',
  keyHelp: 'Diga → Settings → API keys (shown once when created; needs agents.update and phones.update)',
  // No rate limit documented: a modest 4.
  maxConcurrency: 4,
  agentId: uuidRule,
  version: {
    expected: 'a version UUID, or a version number such as 3 or v3',
    whenEmpty: 'the newest saved (non-draft) version',
    parse(raw) {
      if (isUuid(raw)) return raw.toLowerCase();
      const number = versionNumber(raw);
      if (number === undefined) throw new RangeError('is neither a version UUID nor a version number');
      return String(number);
    },
  },
  operations: ['publish', 'unpublish', 'rollback'],
  extraOutputs: [
    {
      name: INBOUND,
      description: 'the number bound for inbound calls after the step',
      summaryLine: 'Bindings',
    },
    {
      name: OUTBOUND,
      description: 'the number bound for outbound calls after the step',
      summaryLine: 'Bindings',
    },
  ],
  configs: digaConfigs,
  where: digaWhere,
  extraInputs: [
    {
      name: INBOUND,
      route: true,
      description: 'the phone number that receives calls',
      rule: uuidRule,
      operations: ['publish'],
    },
    {
      name: OUTBOUND,
      route: true,
      description: 'the phone number that places calls',
      rule: uuidRule,
      operations: ['publish'],
    },
  ],
  hints: {
    400: 'Diga refused the version or the phone numbers: check version, and that the phone-number ids belong to this project.',
    // Diga documents no 401: a 403 may be a bad key as well as a missing permission.
    403: 'Check the Diga key: it may be invalid or revoked (Diga documents no 401), or lack a permission: it needs agents.update, phones.update and read access to agents and phones (restricted keys list permissions per resource).',
    404: 'Check agent-id: Diga has no such agent in the project this key belongs to.',
  },

  async plan({ target, http }) {
    const versions = await readVersions(http, target.agentId);
    const published = versions.find((version) => version.published);
    const live = published === undefined ? {} : { live: ref(published) };
    const path = encodePath`/v1/agent/${target.agentId}/published_version`;

    if (target.operation === 'unpublish') {
      if (published === undefined) return { reason: 'no version is published' };
      // Read so that a number the unpublish unbinds (one reading of the docs) is named in a warning.
      const warnings: string[] = [];
      const boundBefore = await readBindings(http, target.agentId, warnings);
      return compact({
        ...live,
        reason: `unpublish ${label(published)}`,
        // version_id is always sent explicitly: an absent one also unpublishes, which must never be implicit.
        write: { method: 'PATCH', path, body: { version_id: null }, idempotent: true } as const,
        warnings: warnings.length > 0 ? warnings : undefined,
        state: compact({ boundBefore }),
      });
    }

    const chosen = choose(versions, target.version, target.agentId);
    const asked = target.extras[INBOUND] !== undefined || target.extras[OUTBOUND] !== undefined;
    // The API does not show phone bindings on the agent, so a publish that asks for them is always sent.
    // Rollback publishes the earlier version: Diga serves exactly one published version.
    const verb = target.operation === 'rollback' ? 'roll back to' : 'publish';
    if (chosen.published && !asked)
      return { ...live, release: ref(chosen), reason: `${label(chosen)} is already published` };
    const warnings: string[] = [];
    const boundBefore = await readBindings(http, target.agentId, warnings);
    const phones = phoneFields(target, boundBefore, warnings);
    return compact({
      ...live,
      release: ref(chosen),
      next: ref(chosen),
      reason: `${verb} ${label(chosen)}`,
      write: { method: 'PATCH', path, body: { version_id: chosen.id, ...phones }, idempotent: true } as const,
      warnings: warnings.length > 0 ? warnings : undefined,
      state: compact({ boundBefore }),
    });
  },

  async apply({ http, log, target }, plan) {
    const response = await http.request(plan.write).catch(async (error: unknown) => {
      throw (await refusedForOtherNumbers(error, http, target.agentId, plan)) ?? error;
    });
    // The write succeeded (2xx); a body that disagrees is only a warning, since verify reads the real state.
    const answered = at(response.json, 'published_version_id');
    const expected = plan.next?.id ?? null;
    if (typeof answered === 'string' || answered === null) {
      if ((answered?.toLowerCase() ?? null) !== expected) {
        log.warning(
          `Diga answered published_version_id ${answered ?? 'null'} instead of ${expected ?? 'null'}.`,
        );
      }
    }
    const warnings: string[] = [];
    const outputs = answeredBindings(response.json, plan, warnings);
    return compact({
      live: plan.next,
      response: response.json,
      outputs,
      warnings: warnings.length > 0 ? warnings : undefined,
    });
  },

  async verify({ target, http, log }, plan, applied) {
    if (target.operation === 'unpublish') {
      checkPublished(await readVersions(http, target.agentId), plan, target.agentId);
      return {};
    }
    // The numbers too, at once: the bindings, the sweep and where calls go need them.
    const { versions, numbers } = await readAfterWrite(http, target.agentId);
    checkPublished(versions, plan, target.agentId);
    if (target.operation === 'publish') {
      const after = plan.state?.boundBefore === undefined ? undefined : bindingsAfter(numbers);
      verifyBindings(target.agentId, plan, applied.outputs, after);
    }
    const known = numbers.status === 'fulfilled' ? numbers.value : undefined;
    // Numbers moved: what was read is out of date, and where calls go reads again.
    if (await sweepNumbers(http, log, target.agentId, plan, versions, known)) return {};
    return known === undefined ? {} : { state: { ...plan.state, readBack: { versions, numbers: known } } };
  },
};

/** Two versions may be published at once (a number keeps its own): the target must be one of them. */
function checkPublished(versions: readonly DigaVersion[], plan: Plan<DigaState>, agentId: string): void {
  const published =
    versions.find((version) => version.published && version.id === plan.next?.id) ??
    versions.find((version) => version.published);
  if (published?.id === plan.next?.id) return;
  const now = published === undefined ? 'no version' : label(published);
  throw new StateError(
    `After the change, Diga reports ${now} as published for agent ${agentId}.`,
    'Check the agent in Diga: another change may have raced this one. Re-run to try again.',
  );
}
