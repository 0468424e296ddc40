// Diga phone bindings around a publish. The publish PATCH also names the agent's inbound and outbound
// phone numbers; what a field left out does is undocumented (it may keep the binding, or read as
// "none" and unbind the number). So the plan reads the bindings (the agent's numbers, numbers.ts) and
// re-sends them, and verify reads them again: a number that stopped routing to the agent fails the step.
import { ProviderStatusError, StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { at } from '../shared/json.ts';
import type { AgentTarget, Plan } from '../types.ts';
import { servingNumbers, type DigaNumber } from './numbers.ts';
import type { ReadBack } from './read-back.ts';

export const INBOUND = 'inbound-phone-number-id';
export const OUTBOUND = 'outbound-phone-number-id';

export const DIRECTIONS = [
  { input: INBOUND, field: 'inbound_phone_number_id', calls: 'inbound' },
  { input: OUTBOUND, field: 'outbound_phone_number_id', calls: 'outbound' },
] as const;

/** Phone ids bound to the agent, by output name (INBOUND, OUTBOUND). */
export type Bindings = Readonly<Record<string, readonly string[]>>;

/** What Diga's plan keeps for apply and verify, and its verify for where calls go. */
export interface DigaState {
  /** The bindings before the write; undefined where they could not be read (or none were read). */
  readonly boundBefore?: Bindings;
  /** What verify read after the write, where it moved no number after: where calls go reads it, not again. */
  readonly readBack?: ReadBack;
}

/** The ids of the numbers that route each direction's calls to the agent. */
function bindingsOf(numbers: readonly DigaNumber[]): Bindings {
  return Object.fromEntries(
    DIRECTIONS.map((direction) => [
      direction.input,
      numbers.filter((number) => number.direction === direction.calls).map((number) => number.id),
    ]),
  );
}

const lacksPhoneRead = (error: unknown) => error instanceof ProviderStatusError && error.status === 403;

/** The agent's bindings; undefined (with a warning) when the key may not read phones. */
export async function readBindings(
  http: HttpClient,
  agentId: string,
  warnings: string[],
): Promise<Bindings | undefined> {
  try {
    return bindingsOf(await servingNumbers(http, agentId));
  } catch (error) {
    if (!lacksPhoneRead(error)) throw error;
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

/**
 * The bindings after the write, from the numbers verify read: undefined where the key may not read
 * phones (the publish's answer then stands for them); any other failed read fails verify.
 */
export function bindingsAfter(numbers: PromiseSettledResult<readonly DigaNumber[]>): Bindings | undefined {
  if (numbers.status === 'fulfilled') return bindingsOf(numbers.value);
  if (lacksPhoneRead(numbers.reason)) return undefined;
  throw numbers.reason as Error;
}

/** Throws unless every number the step asked for, or that was bound before, still routes to the agent. */
export function verifyBindings(
  agentId: string,
  plan: Plan<DigaState>,
  answered: Readonly<Record<string, string>> | undefined,
  after: Bindings | undefined,
): void {
  const boundBefore = plan.state?.boundBefore;
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
