// The release's configuration diff, read after the plan and before any write, for every provider that
// can show its configuration (ProviderAdapter.configs). Best effort: a read that fails is a marker in
// the diff, never a failed release.
import { describeFailure } from '../errors.ts';
import { diffConfigs } from '../diff/compute.ts';
import { fingerprintOf } from '../diff/fingerprint.ts';
import type { ConfigDiff } from '../diff/types.ts';
import type { PublishRequest } from '../inputs/index.ts';
import type { AdapterContext, ConfigSide, Plan } from '../providers/types.ts';
import type { ReleaseHooks } from './hooks.ts';
import { agentLabel } from '../inputs/agent-label.ts';

function unreadable(side: ConfigSide): string | undefined {
  return 'unreadable' in side ? `${side.label}: ${side.unreadable}` : undefined;
}

async function bothSides(
  read: () => Promise<{ live: ConfigSide; candidate: ConfigSide }>,
): Promise<ConfigDiff> {
  const { live, candidate } = await read();
  const compared = `${live.label} → ${candidate.label}`;
  const why = [unreadable(live), unreadable(candidate)].filter((text) => text !== undefined);
  if (why.length > 0 || !('config' in live) || !('config' in candidate))
    return { compared, entries: [], unchanged: 0, unreadable: why.join('; ') };
  return { compared, ...diffConfigs(live.config, candidate.config) };
}

async function currentSide(
  read: () => Promise<ConfigSide>,
  limitation: string,
  hooks: ReleaseHooks,
): Promise<ConfigDiff> {
  // Without deployment records there is nothing to compare a fingerprint with: no read.
  if (hooks.recordedFingerprint === undefined)
    return { compared: 'one configuration', entries: [], unchanged: 0, limitation };
  const side = await read();
  const base = { compared: side.label, entries: [], unchanged: 0, limitation };
  if (!('config' in side)) return { ...base, unreadable: `${side.label}: ${side.unreadable}` };
  const value = fingerprintOf(side.config);
  const recorded = await hooks.recordedFingerprint().catch(() => undefined);
  const sinceLastRelease = recorded === undefined ? 'unknown' : recorded === value ? 'unchanged' : 'changed';
  return { ...base, fingerprint: { value, sinceLastRelease } };
}

/** The diff of what this release changes; undefined where the provider reads no configuration or nothing changes. */
export async function readConfigDiff(
  request: PublishRequest,
  context: AdapterContext,
  plan: Plan,
  changes: boolean,
  hooks: ReleaseHooks,
): Promise<ConfigDiff | undefined> {
  const configs = request.adapter.configs;
  if (configs === undefined || !changes || request.target.operation === 'unpublish') return undefined;
  try {
    const diff =
      configs.sides === 'both'
        ? await bothSides(() => configs.read(context, plan))
        : await currentSide(() => configs.read(context, plan), configs.limitation, hooks);
    context.log.info(`${agentLabel(request)}: ${diffLine(diff)}`);
    return diff;
  } catch (error) {
    const why = describeFailure(error).message;
    context.log.warning(`The configuration diff could not be read: ${why}`);
    return { compared: 'live → candidate', entries: [], unchanged: 0, unreadable: why };
  }
}

/** One log line; values stay out of the log (the summary shows them, credentials never). */
function diffLine(diff: ConfigDiff): string {
  if (diff.unreadable !== undefined) return `configuration not compared (${diff.unreadable})`;
  if (diff.limitation !== undefined && diff.fingerprint === undefined)
    return `configuration not compared: ${diff.limitation}`;
  if (diff.fingerprint !== undefined)
    return `configuration fingerprint ${diff.fingerprint.value} (${diff.fingerprint.sinceLastRelease} since the last recorded release)`;
  const paths = diff.entries.map((entry) => entry.path);
  const shown = paths.slice(0, 10).join(', ') + (paths.length > 10 ? `, and ${paths.length - 10} more` : '');
  return paths.length === 0
    ? `configuration ${diff.compared}: no field changes (${diff.unchanged} fields compared)`
    : `configuration ${diff.compared}: ${paths.length} field(s) change (${shown}); ${diff.unchanged} unchanged`;
}
