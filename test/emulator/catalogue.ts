// The seeded agents as a person driving the emulator by hand needs them: each id with its name, the
// state it starts in and what a publish does to it. `npm run emulator` prints this list.
import {
  DIGA,
  DIGA_NAMES,
  DIGA_PUBLISHED_VERSION,
  ELEVENLABS,
  ELEVENLABS_NAMES,
  FLEET,
  FLEET_SIZE,
  LANGDOCK,
  LANGDOCK_NAMES,
  RETELL,
  RETELL_NAMES,
  RETELL_PHONES,
  TALKOVER,
  TALKOVER_NAMES,
  type ProviderName,
} from './seed.ts';

export interface SeededAgent {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly publish: string;
}

export const CATALOGUE: Readonly<Record<ProviderName, readonly SeededAgent[]>> = {
  talkover: [
    {
      id: TALKOVER.draftReady,
      name: TALKOVER_NAMES.draftReady,
      state: 'draft, ready to publish',
      publish: 'publishes it',
    },
    {
      id: TALKOVER.published,
      name: TALKOVER_NAMES.published,
      state: 'published',
      publish: 'nothing (unchanged); unpublish takes it offline',
    },
    {
      id: TALKOVER.notReady,
      name: TALKOVER_NAMES.notReady,
      state: 'draft, not ready to publish',
      publish: 'fails before any write: it is not ready',
    },
  ],
  retell: [
    {
      id: RETELL.withDraft,
      name: RETELL_NAMES.withDraft,
      state: 'version 1 published, 2 a draft',
      publish: 'publishes version 2',
    },
    {
      id: RETELL.allPublished,
      name: RETELL_NAMES.allPublished,
      state: 'versions 0 to 3 published',
      publish: 'nothing (unchanged)',
    },
    {
      id: RETELL.manyVersions,
      name: RETELL_NAMES.manyVersions,
      state: 'versions 0 to 22 published, 23 and 24 drafts',
      publish: 'publishes version 24',
    },
  ],
  diga: [
    {
      id: DIGA.withNewVersion,
      name: DIGA_NAMES.withNewVersion,
      state: `v${DIGA_PUBLISHED_VERSION.withNewVersion} published, v3 saved`,
      publish: `publishes v3 (phone numbers to bind: ${DIGA.inboundPhone} inbound, ${DIGA.outboundPhone} outbound)`,
    },
    {
      id: DIGA.upToDate,
      name: DIGA_NAMES.upToDate,
      state: `v${DIGA_PUBLISHED_VERSION.upToDate} published, the only version`,
      publish: 'nothing (unchanged)',
    },
    {
      id: DIGA.manyVersions,
      name: DIGA_NAMES.manyVersions,
      state: `v${DIGA_PUBLISHED_VERSION.manyVersions} published of v1 to v15`,
      publish: 'publishes v15',
    },
    {
      id: DIGA.longHistory,
      name: DIGA_NAMES.longHistory,
      state: `v${DIGA_PUBLISHED_VERSION.longHistory} published of v1 to v130`,
      publish: 'publishes v130',
    },
  ],
  langdock: [
    {
      id: LANGDOCK.withChanges,
      name: LANGDOCK_NAMES.withChanges,
      state: 'version 3 published, the draft changed',
      publish: 'publishes version 4',
    },
    {
      id: LANGDOCK.noChanges,
      name: LANGDOCK_NAMES.noChanges,
      state: 'version 2 published, no draft changes',
      publish: 'nothing (unchanged: HTTP 409)',
    },
    {
      id: LANGDOCK.project,
      name: LANGDOCK_NAMES.project,
      state: 'a project, not an agent',
      publish: 'fails: HTTP 403',
    },
  ],
  elevenlabs: [
    {
      id: ELEVENLABS.withDraft,
      name: ELEVENLABS_NAMES.withDraft,
      state: 'main serves all calls and has a pending draft; branch "experiment" serves none',
      publish: 'publishes the draft of main as a new version, main still at 100 %',
    },
    {
      id: ELEVENLABS.upToDate,
      name: ELEVENLABS_NAMES.upToDate,
      state: 'main only, no pending draft, serving all calls',
      publish: 'nothing (unchanged)',
    },
  ],
};

/** The fleet, for manifests of many agents: one line per provider. */
export function fleetLine(provider: ProviderName): string {
  const ids = FLEET[provider];
  return `${ids[0] ?? ''} … ${ids[FLEET_SIZE - 1] ?? ''}: Fleet 1 to ${FLEET_SIZE}, each like the first agent above`;
}

/** What a step can route calls on: Retell phone numbers, Diga phone ids, ElevenLabs branches. */
export interface SeededRoute {
  /** number (Retell phone-numbers), phone id (Diga), branch (ElevenLabs). */
  readonly kind: string;
  readonly id: string;
  readonly routes: string;
}

export const ROUTES: Readonly<Partial<Record<ProviderName, readonly SeededRoute[]>>> = {
  retell: [
    {
      kind: 'number',
      id: RETELL_PHONES.pinned,
      routes: `inbound: ${RETELL_NAMES.withDraft} version 1, all calls`,
    },
    {
      kind: 'number',
      id: RETELL_PHONES.pinnedBoth,
      routes: `inbound and outbound: ${RETELL_NAMES.withDraft} version 1, all calls`,
    },
    {
      kind: 'number',
      id: RETELL_PHONES.followsLatest,
      routes: `inbound: ${RETELL_NAMES.withDraft}, latest published version`,
    },
    {
      kind: 'number',
      id: RETELL_PHONES.sharedAB,
      routes: `inbound: ${RETELL_NAMES.withDraft} version 1 50 %, ${RETELL_NAMES.allPublished} version 3 50 %`,
    },
    {
      kind: 'number',
      id: RETELL_PHONES.otherAgent,
      routes: `inbound: ${RETELL_NAMES.allPublished} version 3 (another agent's number)`,
    },
    { kind: 'number', id: RETELL_PHONES.unbound, routes: 'no agent' },
  ],
  diga: [
    {
      kind: 'phone id',
      id: DIGA.inboundPhone,
      routes: 'a phone number of the project, for inbound-phone-number-id',
    },
    {
      kind: 'phone id',
      id: DIGA.outboundPhone,
      routes: 'a phone number of the project, for outbound-phone-number-id',
    },
  ],
  elevenlabs: [
    {
      kind: 'branch',
      id: 'main',
      routes: `of ${ELEVENLABS_NAMES.withDraft}, serves all calls, has a pending draft`,
    },
    {
      kind: 'branch',
      id: 'experiment',
      routes: `of ${ELEVENLABS_NAMES.withDraft}, serves no calls, has a pending draft`,
    },
  ],
};
