// Diga numbers beyond the one per direction a publish names: each stores the version it serves. Update
// Phone (PATCH /v1/phone/{phone_id}) assigns a version: "Assigning a version publishes it; if the agent
// already has a different published version in another phone, the request will fail since an agent can
// only have one published version at a time" (docs.diga.io/api-reference/phones/update-phone). What a
// publish does to the numbers it does not name is a reading (digaOtherNumbers).
import { bodyProblems, uuidProblems, validationFailed } from './fastapi.ts';
import { isPlainObject, json } from './http.ts';
import type { Reply, RouteContext } from './http.ts';
import type { Readings } from './readings.ts';

/** A number of the agent that no publish names: it serves `version_id`, or follows the published one (null). */
export interface DigaOtherPhone {
  id: string;
  number: string;
  direction: 'inbound' | 'outbound';
  status: 'assigned' | 'released';
  version_id: string | null;
}

/** What the phone handlers need of an agent (DigaAgent has more). */
export interface PhoneAgent {
  agent_id: string;
  published_version_id: string | null;
  inbound_phone_number_id: string | null;
  outbound_phone_number_id: string | null;
  versions: readonly { version_id: string; is_draft: boolean }[];
  other_phones: DigaOtherPhone[];
}

const ONE_PUBLISHED =
  'An agent can only have one published version at a time: another phone of this agent has a different published version';

const badRequest = (message: string): Reply =>
  json(400, { status: 'error', error_code: 'BAD_PARAMETER', message });

/** The versions the agent serves: the published one and any an assigned number keeps. */
export function publishedVersions(agent: PhoneAgent): Set<string> {
  const kept = agent.other_phones
    .filter((phone) => phone.status === 'assigned' && phone.version_id !== null)
    .map((phone) => phone.version_id as string);
  return new Set([...(agent.published_version_id === null ? [] : [agent.published_version_id]), ...kept]);
}

/**
 * Before a publish of `versionId`: undefined to go on, or the refusal (reading `refuse`). After it, the
 * other numbers follow it, or keep what they served (reading `keep-version`).
 */
export function publishOtherPhones(
  agent: PhoneAgent,
  versionId: string | null,
  readings: Readings,
): Reply | undefined {
  const others = agent.other_phones.filter((phone) => phone.status === 'assigned');
  const before = agent.published_version_id;
  if (others.length === 0 || versionId === before) return undefined;
  if (readings.digaOtherNumbers === 'refuse' && versionId !== null) return badRequest(ONE_PUBLISHED);
  for (const phone of others) {
    if (readings.digaOtherNumbers === 'keep-version') phone.version_id ??= before;
    else phone.version_id = null;
  }
  return undefined;
}

/** PATCH /v1/phone/{phone_id}: assigns a version to one of the agents' other numbers. */
export function updatePhone({
  state,
  params,
  request,
}: RouteContext<{ agents: Map<string, PhoneAgent> }>): Reply {
  const body = request.json;
  const problems = [
    ...uuidProblems(['path', 'phone_id'], params.phone_id),
    ...bodyProblems(request.body, body, ['inbound_version_id', 'outbound_version_id']),
  ];
  if (problems.length > 0 || !isPlainObject(body)) return validationFailed(problems);
  const phoneId = (params.phone_id ?? '').toLowerCase();
  const agents = [...state.agents.values()];
  const agent =
    agents.find((candidate) => candidate.other_phones.some((phone) => phone.id === phoneId)) ??
    agents.find((candidate) => boundPhone(candidate, phoneId) !== undefined);
  const phone =
    agent?.other_phones.find((candidate) => candidate.id === phoneId) ??
    (agent && boundPhone(agent, phoneId));
  if (agent === undefined || phone === undefined)
    return json(404, {
      status: 'error',
      error_code: 'PHONE_NOT_FOUND',
      message: `Phone ${phoneId} not found`,
    });
  const field = phone.direction === 'inbound' ? 'inbound_version_id' : 'outbound_version_id';
  const wanted = typeof body[field] === 'string' ? body[field].toLowerCase() : undefined;
  if (wanted !== undefined) {
    if (!agent.versions.some((version) => version.version_id === wanted && !version.is_draft))
      return badRequest('Invalid version');
    const elsewhere = [
      ...publishedVersions({ ...agent, other_phones: agent.other_phones.filter((p) => p !== phone) }),
    ];
    if (elsewhere.some((version) => version !== wanted)) return badRequest(ONE_PUBLISHED);
    // A number the agent's own fields bind serves the published version; another keeps its own.
    if (agent.other_phones.includes(phone))
      phone.version_id = wanted === agent.published_version_id ? null : wanted;
    else
      for (const other of agent.other_phones)
        if (other.version_id === agent.published_version_id) other.version_id = null;
    agent.published_version_id = wanted;
  }
  return json(200, phoneView(phone, agent.agent_id));
}

/** The number bound by the agent's own fields, as an other-phone record that serves the published version. */
function boundPhone(agent: PhoneAgent, phoneId: string): DigaOtherPhone | undefined {
  const direction =
    agent.inbound_phone_number_id === phoneId
      ? 'inbound'
      : agent.outbound_phone_number_id === phoneId
        ? 'outbound'
        : undefined;
  if (direction === undefined) return undefined;
  return { id: phoneId, number: phoneId, direction, status: 'assigned', version_id: null };
}

/** A number as Get Phone / List Phones answer it: the agent ids, never the version. */
export function phoneView(phone: DigaOtherPhone, agentId: string) {
  return {
    id: phone.id,
    number: phone.number,
    telephony_provider: 'netelip',
    status: phone.status,
    nickname: null,
    inbound_agent_id: phone.direction === 'inbound' ? agentId : null,
    outbound_agent_id: phone.direction === 'outbound' ? agentId : null,
  };
}
