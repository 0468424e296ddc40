// Which version a rollback puts back, in this order: the `version` input; else what the provider sees
// (the other version of a canary in progress, or its own history); else the version of the previous
// successful GitHub deployment record in `environment`; else an error that says what to pass.
import { StateError } from '../errors.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { AdapterContext, RollbackChoice } from '../providers/types.ts';
import type { ReleaseHooks } from './hooks.ts';

export async function chooseRollback(
  request: PublishRequest,
  context: AdapterContext,
  hooks: ReleaseHooks,
): Promise<RollbackChoice> {
  const { adapter, target, settings } = request;
  // Messages here need no agent: the caller prefixes every failure with it.
  if (target.version !== undefined)
    return { version: { number: target.version }, source: 'the version input' };
  const fromProvider = await adapter.routing?.rollbackChoice(context);
  if (fromProvider !== undefined) return fromProvider;
  const recorded = await hooks.previousRelease?.();
  if (recorded !== undefined) return { version: { number: recorded.version }, source: recorded.source };
  const looked = [
    adapter.routing === undefined ? undefined : 'no canary is in progress on the listed routes',
    settings.deployment === undefined
      ? 'no environment is set, so there are no GitHub deployment records to look in'
      : `environment "${settings.deployment.environment}" has no earlier successful deployment of this agent with another version`,
  ].filter((text) => text !== undefined);
  throw new StateError(
    `no version to roll back to: ${looked.join(', and ')}.`,
    'Set version to the version to put back (e.g. version: 7), or set environment to where earlier releases were recorded.',
  );
}
