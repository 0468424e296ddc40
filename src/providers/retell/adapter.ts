// Retell: numbered versions; publishing turns one draft into a published version in place.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { compact } from '../shared/json.ts';
import { opaqueIdRule, versionNumber } from '../shared/rules.ts';
import { versionsNewestFirst, type RetellVersion } from './versions.ts';
import { retellWhere } from './where.ts';
import { pinBeforePublish } from './pinning.ts';
import { retellConfigs } from './config.ts';
import { retellRouting } from './routing.ts';
import { retellTests } from './tests.ts';
import type { AgentTarget, ProviderAdapter } from '../types.ts';

async function findVersion(
  http: HttpClient,
  agentId: string,
  number: number,
): Promise<RetellVersion | undefined> {
  for await (const item of versionsNewestFirst(http, agentId)) {
    if (item.version === number) return item;
    if (item.version < number) return undefined;
  }
  return undefined;
}

interface VersionScan {
  readonly newest: RetellVersion | undefined;
  readonly chosen: RetellVersion | undefined;
  readonly live: RetellVersion | undefined;
}

/**
 * The newest version, the wanted one (default: the newest) and the published one, reading pages only
 * until all three are known.
 */
async function scanVersions(
  http: HttpClient,
  agentId: string,
  wanted: number | undefined,
): Promise<VersionScan> {
  let newest: RetellVersion | undefined;
  let chosen: RetellVersion | undefined;
  let live: RetellVersion | undefined;
  for await (const item of versionsNewestFirst(http, agentId)) {
    newest ??= item;
    if (item.version === (wanted ?? newest.version)) chosen = item;
    if (item.published) live ??= item;
    const pastChosen = chosen !== undefined || item.version < (wanted ?? newest.version);
    if (pastChosen && live !== undefined) break;
  }
  return { newest, chosen, live };
}

/** The version the step asked for (the newest when none), or why there is none. */
function chosenVersion(
  scan: VersionScan,
  target: AgentTarget,
  wanted: number | undefined,
): { chosen: RetellVersion; live: RetellVersion | undefined } {
  const { newest, chosen, live } = scan;
  if (newest === undefined)
    throw new StateError(
      `Retell agent ${target.agentId} has no versions.`,
      'Create a version of the agent in Retell, then re-run.',
    );
  if (chosen === undefined)
    throw new StateError(
      `Retell agent ${target.agentId} has no version ${String(wanted)} (the newest is ${newest.version}).`,
      'Set version to an existing version number, or leave it empty to publish the newest draft.',
    );
  return { chosen, live };
}

export const retell: ProviderAdapter = {
  name: 'retell',
  displayName: 'Retell',
  defaultBaseUrl: 'https://api.retellai.com',
  apiKeyEnv: 'RETELL_API_KEY',
  keyHelp: 'Retell dashboard → Settings → API Keys (the key needs edit access to the agent)',
  // No request rate documented, but 429 "account rate limited" exists: a modest 4.
  maxConcurrency: 4,
  agentId: opaqueIdRule,
  version: {
    expected: 'a version number such as 3 or v3',
    whenEmpty: 'the newest version, if it is an unpublished draft',
    parse(raw) {
      const number = versionNumber(raw);
      if (number === undefined) throw new RangeError('is not a version number');
      return String(number);
    },
  },
  // Retell documents no limit; this one keeps a runaway value out of the version history.
  description: { maxLength: 1000 },
  operations: ['publish', 'rollback'],
  extraInputs: [],
  routing: retellRouting,
  tests: retellTests,
  configs: retellConfigs,
  where: retellWhere,
  hints: {
    402: 'The Retell account cannot make this call (trial ended or billing): check billing in the Retell dashboard.',
    404: 'Check agent-id and version: Retell has no such agent (or version) for this key; keys belong to one workspace.',
    422: 'Check agent-id and version: Retell cannot find them under this API key.',
    409: 'Retell kept answering 409 (a lock: another change to the agent was in progress): re-run the job in a minute.',
  },
  // The official SDK retries 409 as a lock timeout: the request was not applied.
  retryStatuses: [409],

  async plan({ target, http }) {
    const wanted = target.version === undefined ? undefined : Number(target.version);
    const { chosen, live } = chosenVersion(await scanVersions(http, target.agentId, wanted), target, wanted);
    const liveRef = live === undefined ? {} : { live: { number: String(live.version) } };
    const release = { number: String(chosen.version) };
    if (target.operation === 'rollback') {
      if (!chosen.published)
        throw new StateError(
          `Version ${chosen.version} of Retell agent ${target.agentId} was never published, so there is nothing to roll back to.`,
          'Set version to a published version: a rollback puts back one that served calls before.',
        );
      return {
        ...liveRef,
        release,
        reason: `route the phone numbers back to version ${chosen.version}`,
        reasonWhenRouted: `the phone numbers are already routed to version ${chosen.version}`,
      };
    }
    if (chosen.published) {
      const reason =
        wanted === undefined
          ? `the newest version (${chosen.version}) is already published; there is no newer draft`
          : `version ${chosen.version} is already published`;
      return { ...liveRef, release, reason };
    }
    return {
      ...liveRef,
      release,
      next: { number: String(chosen.version) },
      reason: `publish draft version ${chosen.version}`,
      write: {
        method: 'POST',
        path: encodePath`/publish-agent-version/${target.agentId}`,
        body: compact({ version: chosen.version, version_description: target.description || undefined }),
        idempotent: false,
        // The answer is an empty 200; the official SDK accepts anything here.
        accept: '*/*',
      },
    };
  },

  async reread({ target, http }, plan) {
    // "Is version N published now?", not "what would I publish now?": a new draft may have appeared.
    const number = Number(plan.next?.number);
    const version = await findVersion(http, target.agentId, number);
    if (version === undefined) {
      throw new StateError(
        `Retell no longer lists version ${number} of agent ${target.agentId}.`,
        'Check the agent versions in the Retell dashboard, then re-run.',
      );
    }
    if (!version.published) return plan;
    return { live: { number: String(number) }, reason: `version ${number} is published` };
  },

  async apply(context, plan) {
    const { http } = context;
    await pinBeforePublish(context, plan.live?.number);
    // Retell answers an empty 200; the read in verify confirms the version is published.
    const response = await http.request(plan.write);
    return compact({ live: plan.next, response: response.json });
  },

  async verify({ target, http }, plan) {
    // The version list, not get-agent: there is_published is a required field.
    const number = Number(plan.next?.number);
    const version = await findVersion(http, target.agentId, number);
    if (version?.published !== true) {
      throw new StateError(
        `After publishing, Retell does not list version ${number} of agent ${target.agentId} as published.`,
        'Check the agent versions in the Retell dashboard, then re-run.',
      );
    }
    return {};
  },
};
