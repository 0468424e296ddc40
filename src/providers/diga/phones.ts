// Diga phone bindings around a publish. The publish PATCH also names the agent's inbound and outbound
// phone numbers; what a field left out does is undocumented (it may keep the binding, or read as
// "none" and unbind the number). So the plan reads the bindings (List Phones, filtered by agent) and
// re-sends them, and verify reads them again: a number that stopped routing to the agent fails the step.
import { ProviderStatusError, StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { array, boolean, integer, object, optional, string, withDefault } from '../shared/decode.ts';
import { at, decodeAnswer } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';
import type { AgentTarget, Plan } from '../types.ts';

export const INBOUND = 'inbound-phone-number-id';
export const OUTBOUND = 'outbound-phone-number-id';

const DIRECTIONS = [
  { input: INBOUND, field: 'inbound_phone_number_id', filter: 'inbound_agent_id', calls: 'inbound' },
  { input: OUTBOUND, field: 'outbound_phone_number_id', filter: 'outbound_agent_id', calls: 'outbound' },
] as const;

const PAGE_SIZE = 100;

/** Phone ids bound to the agent, by output name (INBOUND, OUTBOUND). */
export type Bindings = Readonly<Record<string, readonly string[]>>;

/** What Diga's plan keeps for apply and verify. */
export interface DigaState {
  /** The bindings before the write; undefined where they could not be read (or none were read). */
  readonly boundBefore?: Bindings;
}

const PHONES_PAGE = object({
  data: array(
    object({
      id: string,
      status: withDefault(string, 'assigned'),
      inbound_agent_id: optional(string),
      outbound_agent_id: optional(string),
    }),
  ),
  has_more: withDefault(boolean, false),
  total_pages: optional(integer),
});

type Direction = (typeof DIRECTIONS)[number];

function phonesRouting(http: HttpClient, agentId: string, direction: Direction): AsyncGenerator<string> {
  return paginate<string, number>('Diga phone numbers', async (page = 1) => {
    const request = {
      method: 'GET',
      path: '/v1/phone/',
      query: { [direction.filter]: agentId, limit: PAGE_SIZE, page },
      idempotent: true,
    } as const;
    const response = await http.request(request);
    const body = decodeAnswer(PHONES_PAGE, response.json, { provider: 'Diga', request });
    // Filtered here as well: a filter the server ignored must not bind someone else's number.
    // A released number serves no calls: it is neither re-sent nor checked.
    const ids = body.data
      .filter((phone) => phone[direction.filter]?.toLowerCase() === agentId && phone.status !== 'released')
      .map((phone) => phone.id.toLowerCase());
    const more = body.data.length > 0 && (body.has_more || (body.total_pages ?? 0) > page);
    return { items: ids, more, next: page + 1 };
  });
}

async function phonesOf(http: HttpClient, agentId: string, direction: Direction): Promise<string[]> {
  const ids: string[] = [];
  for await (const id of phonesRouting(http, agentId, direction)) ids.push(id);
  return ids;
}

/**
 * Both directions at once, each read to its end (a failure of one does not leave the other running);
 * the outbound read's log lines wait for the inbound read's, so the log keeps its order.
 */
async function bothDirections(http: HttpClient, agentId: string): Promise<Bindings> {
  const held = http.heldLog();
  const [inbound, outbound] = await Promise.allSettled([
    phonesOf(http, agentId, DIRECTIONS[0]),
    phonesOf(held.http, agentId, DIRECTIONS[1]),
  ]);
  held.release();
  if (inbound.status === 'rejected') throw inbound.reason as Error;
  if (outbound.status === 'rejected') throw outbound.reason as Error;
  return { [INBOUND]: inbound.value, [OUTBOUND]: outbound.value };
}

/** The agent's bindings; undefined (with a warning) when the key may not read phones. */
export async function readBindings(
  http: HttpClient,
  agentId: string,
  warnings: string[],
): Promise<Bindings | undefined> {
  try {
    return await bothDirections(http, agentId);
  } catch (error) {
    if (!(error instanceof ProviderStatusError) || error.status !== 403) throw error;
    warnings.push(
      `Could not read the agent's phone bindings (HTTP 403: the key lacks phones read permission), so none is re-sent; if Diga reads a left-out phone field as "none", a bound number would be unbound. The outputs show the bindings Diga answers.`,
    );
    return undefined;
  }
}

/** The phone fields of the publish body: what the step asks for, else the one number bound now. */
export function phoneFields(
  target: AgentTarget,
  bound: Bindings | undefined,
  warnings: string[],
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const direction of DIRECTIONS) {
    const asked = target.extras[direction.input];
    const now = bound?.[direction.input] ?? [];
    if (asked !== undefined) fields[direction.field] = asked;
    else if (now.length === 1 && now[0] !== undefined) fields[direction.field] = now[0];
    else if (now.length > 1) {
      warnings.push(
        `${now.length} phone numbers route ${direction.calls} calls to this agent (${now.join(', ')}); the publish can name only one, so none is re-sent and each is checked after the publish.`,
      );
    }
  }
  return fields;
}

/** What the publish answered about the bindings, as outputs; warnings for numbers it reports unbound. */
export function answeredBindings(
  response: unknown,
  plan: Plan<DigaState>,
  warnings: string[],
): Record<string, string> {
  const sent = plan.write?.body;
  const boundBefore = plan.state?.boundBefore;
  const outputs: Record<string, string> = {};
  for (const direction of DIRECTIONS) {
    const answered = at(response, direction.field);
    const value = typeof answered === 'string' ? answered.toLowerCase() : '';
    outputs[direction.input] = value;
    const expected = at(sent, direction.field) ?? boundBefore?.[direction.input]?.[0];
    if (value === '' && (expected !== undefined || boundBefore === undefined)) {
      const before = typeof expected === 'string' ? ` (it was ${expected})` : '';
      warnings.push(
        `Diga answered that no phone number routes ${direction.calls} calls to this agent after the change${before}. If a number was bound, it may have been unbound: check Diga → Phones, and set ${direction.input} to bind it again.`,
      );
    }
  }
  return outputs;
}

/** Throws unless every number the step asked for, or that was bound before, still routes to the agent. */
export async function verifyBindings(
  http: HttpClient,
  agentId: string,
  plan: Plan<DigaState>,
  answered: Readonly<Record<string, string>> | undefined,
): Promise<void> {
  const boundBefore = plan.state?.boundBefore;
  const after = boundBefore === undefined ? undefined : await readBindings(http, agentId, []);
  for (const direction of DIRECTIONS) {
    const sent = at(plan.write?.body, direction.field);
    const expected = typeof sent === 'string' ? [sent] : (boundBefore?.[direction.input] ?? []);
    const answer = answered?.[direction.input];
    const actual = after?.[direction.input] ?? (answer === undefined || answer === '' ? [] : [answer]);
    const lost = expected.filter((id) => !actual.includes(id));
    if (lost.length > 0) {
      throw new StateError(
        `After publishing, phone number ${lost.join(', ')} no longer routes ${direction.calls} calls to Diga agent ${agentId}: the publish may have unbound it (Diga does not document what a phone field left out does).`,
        `Bind the number to the agent again in Diga → Phones (or re-run with ${direction.input} set to it), then check calls reach the agent.`,
      );
    }
  }
}
