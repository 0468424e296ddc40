// Retell phone numbers: each routes its inbound and outbound calls to weighted lists of agent versions
// (retell-sdk phoneNumber.retrieve / phoneNumber.update). An update replaces each list it names, as a
// whole; a list it leaves out is kept. Weights of a non-empty list must add up to 1.

import { isPlainObject, json } from './http.ts';
import type { Reply, RouteContext } from './http.ts';
import { RETELL, RETELL_PHONES } from './seed.ts';

/** One entry of a list, as the API returns it. */
export interface RetellAgentWeight {
  agent_id: string;
  agent_version?: number | string;
  weight: number;
}

export interface RetellPhoneNumber {
  phone_number: string;
  phone_number_type: 'retell-twilio' | 'retell-telnyx' | 'custom';
  nickname: string | null;
  inbound_agents: RetellAgentWeight[] | null;
  outbound_agents: RetellAgentWeight[] | null;
  last_modification_timestamp: number;
  /** Set: Retell asks this address per inbound call, and the answer may override the agent (SDK). */
  inbound_webhook_url?: string | null;
}

export interface PhoneNumberState {
  phoneNumbers: Map<string, RetellPhoneNumber>;
  /** Which agents exist: an update may bind only those. */
  agents: ReadonlyMap<string, unknown>;
}

/** How far from 1 a list's weights may add up: float sums of exact decimals (0.1 + 0.2) are off by ~1e-16. */
const WEIGHT_TOLERANCE = 1e-9;

const error = (status: number, message: string): Reply => json(status, { status: 'error', message });

function copy(number: RetellPhoneNumber): RetellPhoneNumber {
  const list = (agents: RetellAgentWeight[] | null) => agents?.map((agent) => ({ ...agent })) ?? null;
  return {
    ...number,
    inbound_agents: list(number.inbound_agents),
    outbound_agents: list(number.outbound_agents),
  };
}

export function getPhoneNumber({ state, agentId: phoneNumber }: RouteContext<PhoneNumberState>): Reply {
  const number = state.phoneNumbers.get(phoneNumber);
  return number === undefined ? error(404, 'Phone number not found.') : json(200, copy(number));
}

/** GET /v2/list-phone-numbers: every number, by number, `limit` a page; `pagination_key` is the last one sent. */
export function listPhoneNumbers({ state, query }: RouteContext<PhoneNumberState>): Reply {
  const limit = Number(query.limit ?? '1000');
  if (!Number.isInteger(limit) || limit < 1) return error(400, 'limit must be a positive integer');
  const all = [...state.phoneNumbers.values()].sort((a, b) => a.phone_number.localeCompare(b.phone_number));
  const after = query.pagination_key;
  const rest = after === undefined ? all : all.filter((number) => number.phone_number > after);
  const page = rest.slice(0, limit);
  const last = page.at(-1)?.phone_number;
  const more = rest.length > limit;
  return json(200, {
    items: page.map(copy),
    has_more: more,
    ...(more && last !== undefined ? { pagination_key: last } : {}),
  });
}

/** Why a list cannot be stored, or undefined. */
function listProblem(value: unknown, agents: ReadonlyMap<string, unknown>): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return 'agents must be a list';
  let sum = 0;
  for (const entry of value) {
    if (!isPlainObject(entry) || typeof entry.agent_id !== 'string') return 'each entry needs an agent_id';
    if (!agents.has(entry.agent_id)) return `agent ${entry.agent_id} not found`;
    const version = entry.agent_version;
    const versionOk =
      version === undefined ||
      (typeof version === 'number' && Number.isInteger(version) && version >= 0) ||
      (typeof version === 'string' && version !== '');
    if (!versionOk) return 'agent_version must be a version number or a tag';
    if (typeof entry.weight !== 'number' || entry.weight < 0 || entry.weight > 1)
      return 'weight must be a number from 0 to 1';
    sum += entry.weight;
  }
  if (value.length > 0 && Math.abs(sum - 1) > WEIGHT_TOLERANCE) return `weights add up to ${sum}, not 1`;
  return undefined;
}

export function updatePhoneNumber({
  state,
  agentId: phoneNumber,
  request,
  readings,
}: RouteContext<PhoneNumberState>): Reply {
  const number = state.phoneNumbers.get(phoneNumber);
  if (number === undefined) return error(404, 'Phone number not found.');
  const body = request.json;
  if (!isPlainObject(body)) return error(400, 'Invalid request format, please check API reference.');
  for (const key of ['inbound_agents', 'outbound_agents'] as const) {
    const problem = listProblem(body[key], state.agents);
    if (problem !== undefined) return error(400, `${key}: ${problem}`);
  }
  for (const key of ['inbound_agents', 'outbound_agents'] as const) {
    const list = body[key] as RetellAgentWeight[] | null | undefined;
    if (list !== undefined) number[key] = list === null ? null : list.map((entry) => ({ ...entry }));
    else if (readings.retellOmittedList === 'cleared') number[key] = null;
  }
  if (typeof body.nickname === 'string' || body.nickname === null) number.nickname = body.nickname;
  number.last_modification_timestamp = Date.now();
  return json(200, copy(number));
}

const SEED_MS = Date.parse('2025-01-06T12:00:00Z');

function phone(
  phoneNumber: string,
  nickname: string,
  inbound: RetellAgentWeight[] | null,
  outbound: RetellAgentWeight[] | null = null,
): RetellPhoneNumber {
  return {
    phone_number: phoneNumber,
    phone_number_type: 'retell-twilio',
    nickname,
    inbound_agents: inbound,
    outbound_agents: outbound,
    last_modification_timestamp: SEED_MS,
  };
}

export function seedPhoneNumbers(): Map<string, RetellPhoneNumber> {
  const numbers = [
    phone(RETELL_PHONES.pinned, 'Front desk main', [
      { agent_id: RETELL.withDraft, agent_version: 1, weight: 1 },
    ]),
    phone(
      RETELL_PHONES.pinnedBoth,
      'Front desk callbacks',
      [{ agent_id: RETELL.withDraft, agent_version: 1, weight: 1 }],
      [{ agent_id: RETELL.withDraft, agent_version: 1, weight: 1 }],
    ),
    phone(RETELL_PHONES.followsLatest, 'Front desk overflow', [
      { agent_id: RETELL.withDraft, agent_version: 'latest_published', weight: 1 },
    ]),
    phone(RETELL_PHONES.sharedAB, 'Front desk A/B', [
      { agent_id: RETELL.withDraft, agent_version: 1, weight: 0.5 },
      { agent_id: RETELL.allPublished, agent_version: 3, weight: 0.5 },
    ]),
    phone(RETELL_PHONES.otherAgent, 'Billing', [
      { agent_id: RETELL.allPublished, agent_version: 3, weight: 1 },
    ]),
    phone(RETELL_PHONES.unbound, 'Spare', null),
  ];
  return new Map(numbers.map((number) => [number.phone_number, number]));
}
