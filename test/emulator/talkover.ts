// Talkover: publishing toggles the agent's current_status; there are no versions.

import { json } from './http.ts';
import type { ProviderDefinition, Reply, RouteContext } from './http.ts';
import type { Readings } from './readings.ts';
import { FLEET, TALKOVER, TALKOVER_NAMES } from './seed.ts';

export interface TalkoverPhoneNumber {
  id: string;
  number: string;
  country_code: string;
  formatted_number: string;
  international_number: string;
  current_status: string;
}

/** The agent as Get Agent returns it. */
export interface TalkoverAgent {
  id: string;
  name: string;
  label: string;
  description: string;
  language: string;
  direction: 'inbound' | 'outbound';
  who_speaks_first: 'agent' | 'user';
  current_status: 'draft' | 'published';
  is_sandbox: boolean;
  is_ready_to_publish: boolean;
  created_at: string;
  updated_at: string;
  voice: { id: string; name: string } | null;
  trainings: object[];
  actions: object[];
  phone_numbers: TalkoverPhoneNumber[];
}

export interface TalkoverState {
  agents: Map<string, TalkoverAgent>;
  /** Agents whose is_ready_to_publish went false on unpublish only (reading false-publish-works): they can still publish. */
  readyDespiteFlag: Set<string>;
}

type Context = RouteContext<TalkoverState>;

const AGENT_NOT_FOUND = {
  success: false,
  error: { code: 'AGENT_NOT_FOUND', message: 'Agent not found', details: {} },
};

function getAgent({ state, agentId }: Context): Reply {
  const agent = state.agents.get(agentId);
  if (!agent) return json(404, AGENT_NOT_FOUND);
  return json(200, { success: true, data: agent });
}

function publish({ state, agentId, readings }: Context): Reply {
  const agent = state.agents.get(agentId);
  if (!agent) return json(404, AGENT_NOT_FOUND);
  if (!agent.is_ready_to_publish && !state.readyDespiteFlag.has(agentId))
    return notReady(agent, readings.talkoverNotReadyShape);
  agent.is_ready_to_publish = true;
  state.readyDespiteFlag.delete(agentId);
  return setStatus(agent, 'published', 'Agent published successfully');
}

/** The 422 "explaining what's missing", in each shape the docs allow (providers.md §7). */
function notReady(agent: TalkoverAgent, shape: Readings['talkoverNotReadyShape']): Reply {
  const missing = missingSettings(agent);
  const message = 'Agent is not ready to publish';
  switch (shape) {
    case 'errors-list':
      return json(422, { success: false, message, errors: missing });
    case 'message-only':
      return json(422, { success: false, message: `${message}: ${missing.join(', ')}` });
    case 'error-details':
      return json(422, {
        success: false,
        error: { code: 'VALIDATION_ERROR', message, details: { agent: missing } },
      });
    case 'errors-without-message':
      return json(422, { success: false, errors: missing });
  }
}

function unpublish({ state, agentId, readings }: Context): Reply {
  const agent = state.agents.get(agentId);
  if (!agent) return json(404, AGENT_NOT_FOUND);
  // Seed 001's example shows is_ready_to_publish false after an unpublish; what that means is not documented.
  if (readings.talkoverReadyAfterUnpublish !== 'stays' && agent.is_ready_to_publish) {
    agent.is_ready_to_publish = false;
    if (readings.talkoverReadyAfterUnpublish === 'false-publish-works') state.readyDespiteFlag.add(agentId);
  }
  return setStatus(agent, 'draft', 'Agent unpublished successfully');
}

function setStatus(agent: TalkoverAgent, status: TalkoverAgent['current_status'], message: string): Reply {
  agent.current_status = status;
  agent.updated_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { id, name, current_status, is_ready_to_publish, updated_at } = agent;
  return json(200, {
    success: true,
    message,
    data: { id, name, current_status, is_ready_to_publish, updated_at },
  });
}

/** What the 422 lists; a test may mark any agent not ready, so there is a fallback. */
function missingSettings(agent: TalkoverAgent): string[] {
  const missing: string[] = [];
  if (!agent.voice) missing.push('voice is not configured');
  if (agent.phone_numbers.length === 0) missing.push('calling is not configured');
  return missing.length > 0 ? missing : ['knowledge is not configured'];
}

function phoneNumber(id: string, digits: string): TalkoverPhoneNumber {
  return {
    id,
    number: `+1${digits}`,
    country_code: 'US',
    formatted_number: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
    international_number: `+1 ${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`,
    current_status: 'active',
  };
}

function seed(): TalkoverState {
  const base = {
    language: 'en-US',
    who_speaks_first: 'agent',
    is_sandbox: false,
    created_at: '2024-01-15T10:30:00Z',
    updated_at: '2024-01-15T10:30:00Z',
  } as const;
  const agents: TalkoverAgent[] = [
    {
      ...base,
      id: TALKOVER.draftReady,
      name: TALKOVER_NAMES.draftReady,
      label: 'Customer Support Agent',
      description: 'Handles customer inquiries and support requests',
      direction: 'inbound',
      current_status: 'draft',
      is_ready_to_publish: true,
      voice: { id: 'b1a2c3d4-0000-4000-8000-000000000001', name: 'Bianca' },
      trainings: [],
      actions: [],
      phone_numbers: [phoneNumber('c1a2b3d4-0000-4000-8000-000000000001', '2025550101')],
    },
    {
      ...base,
      id: TALKOVER.published,
      name: TALKOVER_NAMES.published,
      label: 'Outbound Sales Agent',
      description: 'Calls leads back and books demos',
      direction: 'outbound',
      current_status: 'published',
      is_ready_to_publish: true,
      voice: { id: 'b1a2c3d4-0000-4000-8000-000000000002', name: 'Marcus' },
      trainings: [],
      actions: [],
      phone_numbers: [phoneNumber('c1a2b3d4-0000-4000-8000-000000000002', '2025550102')],
    },
    {
      ...base,
      id: TALKOVER.notReady,
      name: TALKOVER_NAMES.notReady,
      label: 'Patient Intake Agent',
      description: 'Collects patient details before appointments',
      direction: 'inbound',
      current_status: 'draft',
      is_ready_to_publish: false,
      voice: null,
      trainings: [],
      actions: [],
      phone_numbers: [phoneNumber('c1a2b3d4-0000-4000-8000-000000000003', '2025550103')],
    },
    ...FLEET.talkover.map((id, i): TalkoverAgent => {
      const n = String(i + 1).padStart(2, '0');
      return {
        ...base,
        id,
        name: `Fleet ${i + 1}`,
        label: 'Fleet Agent',
        description: 'One of many agents released together',
        direction: 'inbound',
        current_status: 'draft',
        is_ready_to_publish: true,
        voice: { id: `b1a2c3d4-0000-4000-8000-0000000001${n}`, name: 'Bianca' },
        trainings: [],
        actions: [],
        phone_numbers: [phoneNumber(`c1a2b3d4-0000-4000-8000-0000000001${n}`, `20255502${n}`)],
      };
    }),
  ];
  return { agents: new Map(agents.map((agent) => [agent.id, agent])), readyDespiteFlag: new Set() };
}

export const talkover: ProviderDefinition<TalkoverState> = {
  name: 'talkover',
  mountPath: '/talkover',
  unauthorizedBody: { message: 'Unauthenticated.' },
  unknownRouteBody: { success: false, message: 'Not found' },
  routes: [
    { method: 'GET', path: '/api/v1/agents/{agent_id}', handle: getAgent },
    { method: 'POST', path: '/api/v1/agents/{agent_id}/publish', handle: publish },
    { method: 'POST', path: '/api/v1/agents/{agent_id}/unpublish', handle: unpublish },
  ],
  seed,
};
