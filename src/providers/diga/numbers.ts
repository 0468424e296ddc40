// Every number of a Diga agent, in both directions, with its status (List Phones filtered by agent): what
// the phone bindings, the sweep and where calls go read. The answer names the agent a number routes to,
// never the version it serves.
import type { HttpClient } from '../../http/client.ts';
import { array, boolean, integer, object, optional, string, withDefault } from '../shared/decode.ts';
import { decodeAnswer } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';
import { allSettled } from '../../settle.ts';

export interface DigaNumber {
  readonly id: string;
  readonly number: string;
  readonly direction: 'inbound' | 'outbound';
  /** `released` numbers serve no calls. */
  readonly status: string;
}

/** The number as a person dials it, else its id (a number Diga lists without one). */
export function numberName(phone: DigaNumber): string {
  return phone.number || phone.id;
}

const PAGE_SIZE = 100;

const PAGE = object({
  data: array(
    object({
      id: string,
      number: withDefault(string, ''),
      status: withDefault(string, 'assigned'),
      inbound_agent_id: optional(string),
      outbound_agent_id: optional(string),
    }),
  ),
  has_more: withDefault(boolean, false),
  total_pages: optional(integer),
});

function numbersOf(
  http: HttpClient,
  agentId: string,
  direction: DigaNumber['direction'],
): AsyncGenerator<DigaNumber> {
  const filter = direction === 'inbound' ? 'inbound_agent_id' : 'outbound_agent_id';
  return paginate<DigaNumber, number>('Diga phone numbers', async (page = 1) => {
    const request = {
      method: 'GET',
      path: '/v1/phone/',
      query: { [filter]: agentId, limit: PAGE_SIZE, page },
      idempotent: true,
    } as const;
    const body = decodeAnswer(PAGE, (await http.request(request)).json, { provider: 'Diga', request });
    // Filtered here as well: a filter the server ignored must not count someone else's number.
    const items = body.data
      .filter((phone) => phone[filter]?.toLowerCase() === agentId)
      .map((phone) => ({
        id: phone.id.toLowerCase(),
        number: phone.number,
        direction,
        status: phone.status,
      }));
    const more = body.data.length > 0 && (body.has_more || (body.total_pages ?? 0) > page);
    return { items, more, next: page + 1 };
  });
}

async function collect(numbers: AsyncGenerator<DigaNumber>): Promise<DigaNumber[]> {
  const all: DigaNumber[] = [];
  for await (const number of numbers) if (number.status !== 'released') all.push(number);
  return all;
}

/**
 * The agent's numbers that serve calls (released ones left out), inbound first. Both directions are read
 * at once, each to its end (a failure of one does not leave the other running); the outbound read's log
 * lines wait for the inbound read's, so the log keeps its order.
 */
export async function servingNumbers(http: HttpClient, agentId: string): Promise<DigaNumber[]> {
  const held = http.heldLog();
  const [inbound, outbound] = await allSettled([
    collect(numbersOf(http, agentId, 'inbound')),
    collect(numbersOf(held.http, agentId, 'outbound')),
  ]).finally(held.release);
  return [...inbound, ...outbound];
}
