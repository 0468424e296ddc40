// Fixed seed data of the emulator: keys and agents every test can name.
// Each agent is in the state its name says; a new emulator starts from this seed.

export const PROVIDERS = ['talkover', 'retell', 'diga', 'langdock', 'elevenlabs'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const KEYS: Readonly<Record<ProviderName, string>> = {
  talkover: 'talq_demo.eyJlbnYiOiJkZW1vIn0.s3cr3tTalkover',
  retell: 'key_demo_5e7a1c0d9b8f4a2e6c3d',
  diga: 'dg_demo_9f2b7c41a0e84d36b5',
  langdock: 'sk-demo-langdock-77c1e2f0a9b34d58',
  elevenlabs: 'sk_demo_elevenlabs_4f0c2a9e7b1d36c8',
};

export const TALKOVER = {
  /** draft, ready to publish */
  draftReady: '550e8400-e29b-41d4-a716-446655440000',
  /** already published, ready */
  published: '550e8400-e29b-41d4-a716-446655440001',
  /** draft, is_ready_to_publish false: publish answers 422 */
  notReady: '550e8400-e29b-41d4-a716-446655440002',
} as const;

export const RETELL = {
  /** versions 0 and 1 published, 2 an unpublished draft */
  withDraft: 'agent_6a1f0c2b9d8e7f3a4b5c6d7e8f',
  /** versions 0..3, all published: nothing new to publish */
  allPublished: 'agent_0b1c2d3e4f5a6b7c8d9e0f1a2b',
  /** versions 0..24: 0..22 published, 23 and 24 drafts (spans pages of list-agent-versions) */
  manyVersions: 'agent_f0e1d2c3b4a5968778695a4b3c',
} as const;

/** Retell phone numbers (E.164), each routing calls as its name says. */
export const RETELL_PHONES = {
  /** inbound: withDraft version 1 at weight 1 */
  pinned: '+14155550101',
  /** inbound and outbound: withDraft version 1 at weight 1 */
  pinnedBoth: '+14155550102',
  /** inbound: withDraft latest_published at weight 1 */
  followsLatest: '+14155550103',
  /** inbound: withDraft version 1 at 0.5 and allPublished version 3 at 0.5 (an A/B test between agents) */
  sharedAB: '+14155550104',
  /** inbound: allPublished version 3 at weight 1 (another agent's number) */
  otherAgent: '+14155550105',
  /** no agents bound */
  unbound: '+14155550106',
} as const;

export const DIGA = {
  /** v1, v2, v3 and a draft; v2 published */
  withNewVersion: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  /** v1 only, published */
  upToDate: '7c9e6679-7425-40de-944b-e07fc1f90ae8',
  /** v1..v15 and a draft; v14 published (spans pages of the version list) */
  manyVersions: '7c9e6679-7425-40de-944b-e07fc1f90ae9',
  /** v1..v130 and a draft; v3 published (more versions than one page of 100 holds) */
  longHistory: '7c9e6679-7425-40de-944b-e07fc1f90aea',
  /** version ids of withNewVersion, by number */
  withNewVersionIds: {
    1: 'a1b2c3d4-0001-4000-8000-000000000001',
    2: 'a1b2c3d4-0001-4000-8000-000000000002',
    3: 'a1b2c3d4-0001-4000-8000-000000000003',
    draft: 'a1b2c3d4-0001-4000-8000-0000000000df',
  },
  /** phone numbers of the project */
  inboundPhone: 'b7e2c8a1-1111-4c2d-9e3f-000000000001',
  outboundPhone: 'b7e2c8a1-1111-4c2d-9e3f-000000000002',
} as const;

export const LANGDOCK = {
  /** published at version 3, draft has changes: publish makes version 4 */
  withChanges: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  /** published at version 2, no draft changes: publish answers 409 */
  noChanges: '3f2504e0-4f89-41d3-9a0c-0305e82c3302',
  /** type PROJECT: publish answers 403 */
  project: '3f2504e0-4f89-41d3-9a0c-0305e82c3303',
} as const;

export const ELEVENLABS = {
  /** main (2 versions, a pending draft) serves 100 %; branch "experiment" (1 version, a pending draft) serves 0 % */
  withDraft: 'agent_0001withdraftmain00000000',
  /** main only, no draft, deployed at 100 %: nothing to do */
  upToDate: 'agent_0002uptodate0000000000000',
  /** main 70 %, "beta" 20 %, "gamma" 10 %, and "delta" (no draft) serving nothing */
  split: 'agent_0003split00000000000000000',
  /** main (a pending draft) and "preview", never deployed: only current_live_percentage tells the split (main 100 %) */
  neverDeployed: 'agent_0004neverdeployed00000000',
} as const;

/** One agent per provider with something new to publish: what the demo and the bench publish. */
export const PUBLISHABLE: Readonly<Record<ProviderName, string>> = {
  talkover: TALKOVER.draftReady,
  retell: RETELL.withDraft,
  diga: DIGA.withNewVersion,
  langdock: LANGDOCK.withChanges,
  elevenlabs: ELEVENLABS.withDraft,
};

// Details the seed gives the agents above (names, version numbers), keyed like the id objects, for assertions.

export const TALKOVER_NAMES: Readonly<Record<keyof typeof TALKOVER, string>> = {
  draftReady: 'SupportBot',
  published: 'SalesBot',
  notReady: 'IntakeBot',
};

export const RETELL_NAMES: Readonly<Record<keyof typeof RETELL, string>> = {
  withDraft: 'Front Desk',
  allPublished: 'Billing Line',
  manyVersions: 'Appointment Scheduler',
};

/** The highest version number of each Retell agent (get-agent without `version` returns it). */
/** The tag each seeded Retell agent's live published version carries (reading retellTag: assigned). */
export const RETELL_TAG = 'prod';

export const RETELL_LATEST_VERSION: Readonly<Record<keyof typeof RETELL, number>> = {
  withDraft: 2,
  allPublished: 3,
  manyVersions: 24,
};

export type DigaAgentRole = 'withNewVersion' | 'upToDate' | 'manyVersions' | 'longHistory';

export const DIGA_NAMES: Readonly<Record<DigaAgentRole, string>> = {
  withNewVersion: 'Reservations',
  upToDate: 'Opening Hours',
  manyVersions: 'Order Status',
  longHistory: 'Claims Intake',
};

export type DigaVersionIds = Readonly<Record<number, string>> & { readonly draft: string };

/** `a1b2c3d4-<group>-4000-8000-<number, 12 digits>`, the pattern of DIGA.withNewVersionIds (group 0001). */
export function digaVersionIds(group: string, count: number): DigaVersionIds {
  const prefix = `a1b2c3d4-${group}-4000-8000-`;
  const ids: Record<number, string> = {};
  for (let n = 1; n <= count; n++) ids[n] = prefix + String(n).padStart(12, '0');
  return { ...ids, draft: `${prefix}0000000000df` };
}

/** Version ids of every Diga agent, by number, plus the draft's. */
export const DIGA_VERSION_IDS: Readonly<Record<DigaAgentRole, DigaVersionIds>> = {
  withNewVersion: DIGA.withNewVersionIds,
  upToDate: digaVersionIds('0002', 1),
  manyVersions: digaVersionIds('0003', 15),
  longHistory: digaVersionIds('0004', 130),
};

/** The published version number of each Diga agent. */
export const DIGA_PUBLISHED_VERSION: Readonly<Record<DigaAgentRole, number>> = {
  withNewVersion: 2,
  upToDate: 1,
  manyVersions: 14,
  longHistory: 3,
};

export const LANGDOCK_NAMES: Readonly<Record<keyof typeof LANGDOCK, string>> = {
  withChanges: 'HR Helper',
  noChanges: 'Contract Reviewer',
  project: 'Onboarding Project',
};

/** The latest published version number of each Langdock agent. */
export const LANGDOCK_LATEST_VERSION: Readonly<Record<keyof typeof LANGDOCK, number>> = {
  withChanges: 3,
  noChanges: 2,
  project: 1,
};

// The fleet: twelve more agents per provider, each ready to publish like the first agent of its
// provider above, for manifests of many agents. Agent n (1–12) is named "Fleet n".

export const FLEET_SIZE = 12;

const fleetIds = (id: (n: string) => string): readonly string[] =>
  Array.from({ length: FLEET_SIZE }, (_, i) => id(String(i + 1).padStart(2, '0')));

export const FLEET: Readonly<Record<ProviderName, readonly string[]>> = {
  /** draft, ready to publish */
  talkover: fleetIds((n) => `550e8400-e29b-41d4-a716-4466554401${n}`),
  /** versions 0 and 1 published, 2 an unpublished draft */
  retell: fleetIds((n) => `agent_fleet${n}`),
  /** v1 published, v2 saved, and a draft: publish makes v2 live */
  diga: fleetIds((n) => `7c9e6679-7425-40de-944b-e07fc1f901${n}`),
  /** published at version 3, draft has changes: publish makes version 4 */
  langdock: fleetIds((n) => `3f2504e0-4f89-41d3-9a0c-0305e82c34${n}`),
  /** main deployed at 100 % with a pending draft: publish commits it */
  elevenlabs: fleetIds((n) => `agent_fleet${n}elevenlabs000000`),
};

/** Version ids of Diga fleet agent n (1-based), group `01<n>`. */
export const digaFleetVersionIds = (n: number): DigaVersionIds =>
  digaVersionIds(`01${String(n).padStart(2, '0')}`, 2);

// ElevenLabs: agents with branches (a draft each may have), versions and a deployment history.

export type ElevenLabsAgentRole = keyof typeof ELEVENLABS;

/** A branch's id: `agtbrch_` + the agent id's distinctive part + the branch name, padded with 0. */
export function elevenLabsBranchId(agentId: string, name: string): string {
  return `agtbrch_${agentId.slice(6, 18)}${name}`.padEnd(40, '0');
}

/** A version's id: `agtvrsn_` + its branch id's distinctive part + `v<seq>`, padded with 0. */
export function elevenLabsVersionId(branchId: string, seq: number): string {
  return `agtvrsn_${branchId.slice(8, 30).replace(/0+$/, '')}v${seq}`.padEnd(44, '0');
}

export const ELEVENLABS_NAMES: Readonly<Record<ElevenLabsAgentRole, string>> = {
  withDraft: 'Concierge',
  upToDate: 'Receptionist',
  split: 'Survey Caller',
  neverDeployed: 'Night Line',
};
