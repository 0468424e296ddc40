// Which version (or split) a rollback puts back, in this order: the `version` input; else what the
// provider's own inputs name (a branch); else the release history of the routes in `environment`
// (rollback-target.ts: rollbacks are left out, so a second run finds the same target); else what the
// routes show (the other version of a canary in progress); else an error that says what to pass.
import { StateError } from '../errors.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { AdapterContext, RollbackChoice } from '../providers/types.ts';
import type { ReleaseHooks } from './hooks.ts';
import { rollbackTarget, settled } from './rollback-target.ts';

/** The routes the step lists, as the release history names them. */
function listedRoutes(request: PublishRequest): readonly string[] {
  const { routing } = request.adapter;
  const { traffic } = request.target;
  if (routing === undefined || traffic === undefined) return [];
  // An agent's own split is one route, named "agent" (src/routing/types.ts).
  return routing.targets === 'agent' ? ['agent'] : traffic.targets;
}

async function fromHistory(
  request: PublishRequest,
  hooks: ReleaseHooks,
): Promise<RollbackChoice | undefined> {
  if (hooks.releaseHistory === undefined) return undefined;
  const targets = listedRoutes(request);
  const releases = await hooks.releaseHistory((read) => settled(read, targets));
  return rollbackTarget(releases, targets);
}

export async function chooseRollback(
  request: PublishRequest,
  context: AdapterContext,
  hooks: ReleaseHooks,
): Promise<RollbackChoice> {
  const { adapter, target, settings } = request;
  // Messages here need no agent: the caller prefixes every failure with it.
  if (target.version !== undefined)
    return { version: { number: target.version }, source: 'the version input' };
  const chosen =
    (await adapter.routing?.rollbackInput?.(context)) ??
    (await fromHistory(request, hooks)) ??
    (await adapter.routing?.rollbackChoice?.(context));
  if (chosen !== undefined) return chosen;
  const looked = [
    adapter.routing?.rollbackChoice === undefined
      ? undefined
      : 'no canary is in progress on the listed routes',
    settings.deployment === undefined
      ? 'no environment is set, so there is no release history to look in'
      : `environment "${settings.deployment.environment}" holds no earlier release of this agent recorded by this action`,
  ].filter((text) => text !== undefined);
  throw new StateError(
    `no version to roll back to: ${looked.join(', and ')}.`,
    'Set version to the version to put back (e.g. version: 7), or set environment to where earlier releases were recorded.',
  );
}
