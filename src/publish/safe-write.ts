// The publish write, sent through the one safe-write loop (src/http/safe-write.ts): a lost answer is
// settled by the adapter's own re-read ("did my write land?"), else by its plan read again.
import type { PublishRequest } from '../inputs/index.ts';
import { safeWrite, type Landed } from '../http/safe-write.ts';
import { compact } from '../compact.ts';
import type { Applied, AdapterContext, Plan, VersionRef, WriteRequest } from '../providers/types.ts';
import { agentLabel } from '../inputs/agent-label.ts';

export { safeWrite, WRITE_SETTLE_MS, type Landed, type SafeWrite, type Settled } from '../http/safe-write.ts';

/** A plan with its write. */
type Writing = Plan & { readonly write: WriteRequest };

/**
 * Sends the plan's write. A lost answer is read again: a plan with nothing left to do means the lost
 * first try went through; the same version still to publish is sent again (the re-read's write); another
 * version is a loud failure. A re-sent write refused, or answered as a no-op, is read the same way.
 */
export async function applyOnce(
  request: PublishRequest,
  context: AdapterContext,
  plan: Writing,
): Promise<{ applied: Applied; confirmedByReread?: string }> {
  const { adapter } = request;
  let current = plan;
  let reread: Plan | undefined;
  let answered: Applied | undefined;
  const settled = await safeWrite({
    what: agentLabel(request),
    http: context.http,
    log: context.log,
    send: async () => (answered = await adapter.apply(context, current)),
    // The adapter's own question "did this write land?" where it has one, else its plan again.
    reread: async () =>
      (reread = await (adapter.reread === undefined ? adapter.plan(context) : adapter.reread(context, plan))),
    landed: (state): Landed => {
      if (state.write === undefined) return 'landed';
      // Another version became the candidate meanwhile: sending it would publish something not planned.
      if (!sameVersion(state.next, plan.next))
        return {
          changed: `it would now publish ${versionLabel(state.next ?? {})} instead of ${versionLabel(plan.next ?? {})}`,
        };
      current = { ...state, write: state.write };
      return 'not-landed';
    },
    how: (state) => state.reason,
    // "Nothing to publish" on a retry: the first try published what there was.
    noop: (applied) => applied.unchangedReason,
    rereadRefusals: true,
    changedHint:
      'Check the agent in the provider dashboard, then re-run the job (set version to pin the one to publish).',
  });
  if (settled.kind === 'sent') return { applied: settled.result };
  const applied =
    answered === undefined
      ? compact({ live: reread?.live })
      : compact({ response: answered.response, publishedAt: answered.publishedAt });
  return { applied, confirmedByReread: `the first try went through (${settled.how})` };
}

function sameVersion(a: VersionRef | undefined, b: VersionRef | undefined): boolean {
  return a?.number === b?.number && a?.id === b?.id;
}

export function versionLabel(version: VersionRef): string {
  return version.number === undefined ? (version.id ?? 'unknown') : `version ${version.number}`;
}
