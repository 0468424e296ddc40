// Langdock: publishing freezes the agent's draft as a new numbered version; 409 when the draft is unchanged.

import { randomUUID } from 'node:crypto';
import { isPlainObject, isUuid, json } from './http.ts';
import type { ProviderDefinition, Reply, RouteContext } from './http.ts';
import { FLEET, LANGDOCK, LANGDOCK_LATEST_VERSION, LANGDOCK_NAMES } from './seed.ts';

export interface LangdockVersion {
  id: string;
  version: number;
  createdAt: string;
  description?: string;
}

export interface LangdockAgent {
  id: string;
  name: string;
  description: string;
  instruction: string;
  model: string;
  type: 'AGENT' | 'PROJECT';
  /** Published versions, oldest first; the last one is the active version. */
  versions: LangdockVersion[];
  /** Whether the draft differs from the latest version; publish answers 409 when it does not. */
  draftChanged: boolean;
}

export interface LangdockState {
  agents: Map<string, LangdockAgent>;
}

type Context = RouteContext<LangdockState>;

const MAX_DESCRIPTION_LENGTH = 100;

const error = (status: number, message: string): Reply => json(status, { status: 'error', message });

/** An agent this key cannot see: 404 as inferred, or 400 in the other reading. */
const agentNotFound = ({ readings }: Context): Reply =>
  readings.langdockUnknownAgent === 400 ? error(400, 'Invalid agentId') : error(404, 'Agent not found');

function getAgent(context: Context): Reply {
  const { state, query, readings } = context;
  const { agentId } = query;
  if (agentId === undefined || agentId === '') return error(400, 'agentId is required');
  if (!isUuid(agentId)) return error(400, 'agentId must be a valid UUID');
  const agent = state.agents.get(agentId.toLowerCase());
  if (!agent) return agentNotFound(context);
  const { id, name, description, instruction, model } = agent;
  const shown = readings.langdockAgentId === 'present' ? { id } : {};
  return json(200, { status: 'success', agent: { ...shown, name, description, instruction, model } });
}

function publish(context: Context): Reply {
  const { state, request } = context;
  const body = request.json;
  if (!isPlainObject(body)) return error(400, 'Request body must be a JSON object');
  if (!isUuid(body.agentId)) return error(400, 'agentId must be a valid UUID');
  const { description } = body;
  if (
    description !== undefined &&
    (typeof description !== 'string' || description.length > MAX_DESCRIPTION_LENGTH)
  ) {
    return error(400, `description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  const agent = state.agents.get(body.agentId.toLowerCase());
  if (!agent) return agentNotFound(context);
  if (agent.type === 'PROJECT') return error(403, 'Projects are not supported');
  if (!agent.draftChanged) return error(409, 'No draft changes to publish');

  const version: LangdockVersion = {
    id: randomUUID(),
    version: (agent.versions.at(-1)?.version ?? 0) + 1,
    createdAt: new Date().toISOString(),
  };
  agent.versions.push(description === undefined ? version : { ...version, description });
  agent.draftChanged = false;
  return json(200, { status: 'success', message: 'Agent published successfully', version });
}

/** Versions 1..latest, with ids derived from the agent id so a seed is the same every time. */
function seedVersions(agentId: string, latest: number): LangdockVersion[] {
  return Array.from({ length: latest }, (_, i) => ({
    id: agentId.slice(0, 24) + String(i + 1).padStart(12, '0'),
    version: i + 1,
    createdAt: new Date(Date.parse('2025-03-01T12:00:00.000Z') + i * 86_400_000).toISOString(),
  }));
}

function seed(): LangdockState {
  const agents: LangdockAgent[] = [
    {
      id: LANGDOCK.withChanges,
      name: LANGDOCK_NAMES.withChanges,
      description: 'Answers HR questions',
      instruction: 'You are a helpful HR assistant.',
      model: 'gpt-4o',
      type: 'AGENT',
      versions: seedVersions(LANGDOCK.withChanges, LANGDOCK_LATEST_VERSION.withChanges),
      draftChanged: true,
    },
    {
      id: LANGDOCK.noChanges,
      name: LANGDOCK_NAMES.noChanges,
      description: 'Flags risky clauses in contracts',
      instruction: 'You review contracts and list risky clauses.',
      model: 'claude-sonnet-4',
      type: 'AGENT',
      versions: seedVersions(LANGDOCK.noChanges, LANGDOCK_LATEST_VERSION.noChanges),
      draftChanged: false,
    },
    {
      id: LANGDOCK.project,
      name: LANGDOCK_NAMES.project,
      description: 'Onboarding material for new hires',
      instruction: 'Help new hires find onboarding material.',
      model: 'gpt-4o',
      type: 'PROJECT',
      versions: seedVersions(LANGDOCK.project, LANGDOCK_LATEST_VERSION.project),
      draftChanged: true,
    },
    ...FLEET.langdock.map((id, i): LangdockAgent => ({
      id,
      name: `Fleet ${i + 1}`,
      description: 'One of many agents released together',
      instruction: 'You are one of many agents.',
      model: 'gpt-4o',
      type: 'AGENT',
      versions: seedVersions(id, 3),
      draftChanged: true,
    })),
  ];
  return { agents: new Map(agents.map((agent) => [agent.id, agent])) };
}

export const langdock: ProviderDefinition<LangdockState> = {
  name: 'langdock',
  mountPath: '/langdock/api/public',
  unauthorizedBody: { status: 'error', message: 'Invalid or missing API key' },
  unknownRouteBody: { status: 'error', message: 'Not found' },
  routes: [
    { method: 'POST', path: '/agent/v1/publish', handle: publish },
    { method: 'GET', path: '/agent/v1/get', handle: getAgent },
  ],
  seed,
};
