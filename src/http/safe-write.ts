// The one safe-write loop. No provider takes an idempotency key, so a write whose answer was lost is
// never simply sent again: after a pause to let it settle, the state is read, and what it shows decides.
// It lives beside the HTTP client, below every module that writes (publish/, routing/), so that each of
// them uses this one loop without importing another from above.
import {
  describeFailure,
  ProviderStatusError,
  UNCERTAIN_WRITE_HINT,
  UncertainWriteError,
  type ActionError,
} from '../errors.ts';
import type { Logger } from '../log.ts';
import type { HttpClient } from './client.ts';

/**
 * How long to let a write whose answer was lost settle before reading again: a write that timed out here
 * may still be running at the provider, and a re-read that comes too early would send it a second time.
 */
export const WRITE_SETTLE_MS = 2000;

/** How a write ended: its answer, or (answer lost) the re-read that showed it had landed, and how. */
export type Settled<T> =
  { readonly kind: 'sent'; readonly result: T } | { readonly kind: 'landed'; readonly how: string };

/** What a re-read says of a write whose answer was lost; changed: someone else moved it (a loud failure). */
export type Landed = 'landed' | 'not-landed' | { readonly changed: string };

export interface SafeWrite<T, S> {
  /** Names the write for log lines: "<Provider> agent 42", "<Provider> agent 42: route +14155550100 inbound". */
  readonly what: string;
  readonly http: HttpClient;
  readonly log: Logger;
  /** Sends the write; throws UncertainWriteError when the answer was lost. */
  send(): Promise<T>;
  /** The state after a doubt (called after the settle backoff). */
  reread(): Promise<S>;
  /** Did the lost write land? not-landed: it is sent again. */
  landed(state: S): Landed;
  /** What is read again, for messages: "the agent" (default), "+14155550100 inbound". */
  readonly subject?: string;
  /** How the re-read showed the write landed, for the log and the report; default: "it now reads as planned". */
  how?(state: S): string;
  /**
   * A re-sent write that was answered: why it changed nothing, if the provider refused it as a no-op
   * (which means the first try landed); undefined: it did the write.
   */
  noop?(result: T): string | undefined;
  /**
   * true: a re-sent write the provider refuses (4xx other than 429) is read again before it counts as a
   * failure: it may be refused because the first try landed.
   */
  readonly rereadRefusals?: boolean;
  /** The next step after "changed meanwhile"; default: check the subject in the provider's dashboard. */
  readonly changedHint?: string;
}

/** A definite refusal (4xx other than 429) of a re-sent write: perhaps because the first try landed. */
function refusedResend(error: unknown): error is ProviderStatusError {
  return (
    error instanceof ProviderStatusError && error.status >= 400 && error.status < 500 && error.status !== 429
  );
}

/**
 * Sends the write: lost answer → warn → settle backoff → re-read → decide: landed (done, no second
 * write), not landed (sent again, up to the client's retries), changed meanwhile (a loud failure, never a
 * second write). A failing re-read keeps the doubt about the write in its error.
 */
export async function safeWrite<T, S>(write: SafeWrite<T, S>): Promise<Settled<T>> {
  const landed = (how: string): Settled<T> => {
    write.log.notice(`${write.what}: the first try went through (${how}).`);
    return { kind: 'landed', how };
  };
  for (let retry = 0; ; retry++) {
    let doubt: ActionError;
    try {
      const result = await write.send();
      const noop = retry === 0 ? undefined : write.noop?.(result);
      return noop === undefined ? { kind: 'sent', result } : landed(`the retry found ${noop}`);
    } catch (error) {
      if (retry > 0 && write.rereadRefusals === true && refusedResend(error)) {
        const state = await rereadAfterDoubt(write, retry, error);
        if (write.landed(state) !== 'landed') throw error;
        return landed(howOf(write, state));
      }
      if (!(error instanceof UncertainWriteError) || retry >= write.http.maxRetries) throw error;
      doubt = error;
    }
    const state = await rereadAfterDoubt(write, retry, doubt);
    const verdict = write.landed(state);
    if (verdict === 'landed') return landed(howOf(write, state));
    if (verdict !== 'not-landed') throw changedMeanwhile(write, doubt, verdict.changed);
  }
}

function subjectOf<S>(write: SafeWrite<unknown, S>): string {
  return write.subject ?? 'the agent';
}

function howOf<S>(write: SafeWrite<unknown, S>, state: S): string {
  return write.how?.(state) ?? 'it now reads as planned';
}

function changedMeanwhile<S>(
  write: SafeWrite<unknown, S>,
  doubt: ActionError,
  changed: string,
): UncertainWriteError {
  const subject = subjectOf(write);
  return new UncertainWriteError(
    `${doubt.message} Reading ${subject} again found it changed meanwhile (${changed}), so no second write was sent.`,
    write.changedHint ??
      `Check ${subject} in the provider dashboard (someone else may be changing it), then re-run the job.`,
  );
}

/** Warns, waits for the write to settle, reads again; a failure keeps the doubt about the write in its message. */
async function rereadAfterDoubt<S>(
  write: SafeWrite<unknown, S>,
  retry: number,
  doubt: ActionError,
): Promise<S> {
  const subject = subjectOf(write);
  write.log.warning(`${doubt.message} Reading ${subject} again before any retry.`);
  try {
    await write.http.backoff(retry, write.what, 'write outcome unknown', WRITE_SETTLE_MS);
    return await write.reread();
  } catch (error) {
    throw new UncertainWriteError(
      `${doubt.message} Reading ${subject} again failed too: ${describeFailure(error).message}`,
      UNCERTAIN_WRITE_HINT,
    );
  }
}
