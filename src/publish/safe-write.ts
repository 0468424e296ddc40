// The one write, sent safely. No provider takes an idempotency key, so a write whose answer was lost
// is never simply sent again: the plan's reads run first, and what they show decides.
import {
  ActionError,
  describeFailure,
  ProviderStatusError,
  UNCERTAIN_WRITE_HINT,
  UncertainWriteError,
} from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { Logger } from '../log.ts';
import { compact } from '../providers/shared/json.ts';
import type { Applied, AdapterContext, Plan, VersionRef, WriteRequest } from '../providers/types.ts';

/**
 * How long to let a write whose answer was lost settle before reading the agent again: a write that
 * timed out here may still be running at the provider, and a re-read that comes too early would send
 * it a second time.
 */
export const WRITE_SETTLE_MS = 2000;

/** A definite refusal (4xx other than 429) of a re-sent write: perhaps because the first try landed. */
function refusedResend(error: unknown): error is ProviderStatusError {
  return (
    error instanceof ProviderStatusError && error.status >= 400 && error.status < 500 && error.status !== 429
  );
}

/**
 * Sends the plan's write. No provider takes an idempotency key, so a write that may have arrived
 * before it failed is not simply sent again: the plan's reads run first, and a plan with nothing
 * left to do means the lost first try went through. A re-sent write the provider refuses is read
 * again the same way before it counts as a failure.
 */
export async function applyOnce(
  request: PublishRequest,
  context: AdapterContext,
  plan: Plan & { readonly write: WriteRequest },
  log: Logger,
): Promise<{ applied: Applied; confirmedByReread?: string }> {
  const { adapter, target } = request;
  const { http } = context;
  const label = `${adapter.displayName} agent ${target.agentId}`;
  const confirmed = (how: string) => {
    const reason = `the first try went through (${how})`;
    log.notice(`${label}: ${reason}.`);
    return reason;
  };
  const readAgain = (retry: number, doubt: ActionError) =>
    rereadAfterDoubt(request, context, plan, retry, doubt, log);

  let current = plan;
  for (let retry = 0; ; retry++) {
    let doubt: UncertainWriteError;
    try {
      const applied = await adapter.apply(context, current);
      if (retry === 0 || applied.unchangedReason === undefined) return { applied };
      // "Nothing to publish" on a retry: the first try published what there was.
      return {
        applied: compact({ response: applied.response, publishedAt: applied.publishedAt }),
        confirmedByReread: confirmed(`the retry found ${applied.unchangedReason}`),
      };
    } catch (error) {
      if (retry > 0 && refusedResend(error)) {
        const reread = await readAgain(retry, error);
        if (reread.write !== undefined) throw error;
        return { applied: compact({ live: reread.live }), confirmedByReread: confirmed(reread.reason) };
      }
      if (!(error instanceof UncertainWriteError) || retry >= http.maxRetries) throw error;
      doubt = error;
    }
    const reread = await readAgain(retry, doubt);
    if (reread.write === undefined)
      return { applied: compact({ live: reread.live }), confirmedByReread: confirmed(reread.reason) };
    if (!sameVersion(reread.next, plan.next)) {
      // Another version became the candidate meanwhile: sending it would publish something not planned.
      throw new UncertainWriteError(
        `${doubt.message} Reading the agent again found it changed: it would now publish ${versionLabel(reread.next ?? {})} instead of ${versionLabel(plan.next ?? {})}, so no second write was sent.`,
        'Check the agent in the provider dashboard, then re-run the job (set version to pin the one to publish).',
      );
    }
    current = { ...reread, write: reread.write };
  }
}

/**
 * Waits, then reads whether the write landed (the adapter's reread, else its plan again); any
 * failure keeps the doubt about the write in its message.
 */
async function rereadAfterDoubt(
  request: PublishRequest,
  context: AdapterContext,
  plan: Plan & { readonly write: WriteRequest },
  retry: number,
  doubt: ActionError,
  log: Logger,
): Promise<Plan> {
  const { adapter, target } = request;
  log.warning(`${doubt.message} Reading the agent again before any retry.`);
  try {
    await context.http.backoff(
      retry,
      `${adapter.displayName} agent ${target.agentId}`,
      'write outcome unknown',
      WRITE_SETTLE_MS,
    );
    // The adapter's own question "did this write land?" where it has one, else its plan again.
    return await (adapter.reread === undefined ? adapter.plan(context) : adapter.reread(context, plan));
  } catch (error) {
    throw new UncertainWriteError(
      `${doubt.message} Reading the agent again failed too: ${describeFailure(error).message}`,
      UNCERTAIN_WRITE_HINT,
    );
  }
}

function sameVersion(a: VersionRef | undefined, b: VersionRef | undefined): boolean {
  return a?.number === b?.number && a?.id === b?.id;
}

export function versionLabel(version: VersionRef): string {
  return version.number === undefined ? (version.id ?? 'unknown') : `version ${version.number}`;
}

/** How a write ended: its answer, or, after a lost answer, the re-read that showed it had landed. */
export type Settled<T> =
  { readonly kind: 'sent'; readonly result: T } | { readonly kind: 'landed'; readonly how: string };

/** What a re-read shows of a write whose answer was lost; `changed`: neither, in words (a loud failure). */
export type Landed = 'landed' | 'not-landed' | { readonly changed: string };

/**
 * Any write, sent safely: after a lost answer (or a refused re-send) it is never simply sent again: the
 * state is read again first, and `landed` decides: landed → done; not landed → sent again; anything
 * else → an UncertainWriteError that says what was found.
 */
export async function safeWrite<T, S>(write: {
  readonly what: string;
  readonly http: HttpClient;
  readonly log: Logger;
  send(): Promise<T>;
  reread(): Promise<S>;
  landed(state: S): Landed;
}): Promise<Settled<T>> {
  const { what, http, log } = write;
  for (let retry = 0; ; retry++) {
    let doubt: ActionError;
    try {
      return { kind: 'sent', result: await write.send() };
    } catch (error) {
      if (retry > 0 && refusedResend(error)) doubt = error;
      else if (error instanceof UncertainWriteError && retry < http.maxRetries) doubt = error;
      else throw error;
    }
    log.warning(`${doubt.message} Reading again before any retry.`);
    let verdict: Landed;
    try {
      await http.backoff(retry, what, 'write outcome unknown', WRITE_SETTLE_MS);
      verdict = write.landed(await write.reread());
    } catch (error) {
      throw new UncertainWriteError(
        `${what}: ${doubt.message} Reading again failed too: ${describeFailure(error).message}`,
        UNCERTAIN_WRITE_HINT,
      );
    }
    if (verdict === 'landed') {
      const how = 'the first try went through (found on reading again)';
      log.notice(`${what}: ${how}.`);
      return { kind: 'landed', how };
    }
    if (verdict !== 'not-landed')
      throw new UncertainWriteError(
        `${what}: ${doubt.message} Reading again found ${verdict.changed}, so nothing was sent a second time.`,
        UNCERTAIN_WRITE_HINT,
      );
    if (retry > 0 && refusedResend(doubt)) throw doubt;
  }
}
