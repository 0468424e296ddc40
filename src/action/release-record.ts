// One GitHub deployment record, read as a release of this agent, or passed over with the reason why.
// Only the action's own records are trusted (any account with `deployments: write` can write a record):
// the marker this action puts in every payload, the step's environment and task, this provider and agent,
// versions written as the action writes them (the provider's own form: "0x0" or "007" is not version 0
// or 7), and routes whose weights add up to 1. Records of rollbacks are passed over: a rollback restores
// what stood before the latest release, and must find the same target when run again.
import type { PublishRequest } from '../inputs/index.ts';
import {
  array,
  integer,
  object,
  optional,
  refine,
  ShapeError,
  string,
  unknown,
  type Decoder,
} from '../providers/shared/decode.ts';
import { compact } from '../compact.ts';
import type { RecordedRelease } from '../publish/hooks.ts';
import type { Share } from '../routing/types.ts';
import { unitsOfText, weightText, WHOLE } from '../routing/weights.ts';

/** The task of every record the action writes. */
export const RECORD_TASK = 'publish-agent';
/** The marker every payload the action writes carries, and every record a rollback trusts must carry. */
export const RECORD_MARKER = { recordedBy: 'publish-agent', schema: 2 } as const;

/** A record read: its release, or why it is not used (`warn`: a record of this agent that cannot be trusted). */
interface RecordSkipped {
  readonly skipped: string;
  readonly warn: boolean;
}

type RecordReading = { readonly release: RecordedRelease & { readonly id: number } } | RecordSkipped;

/** A weight as the action records it: the exact decimal text of a fraction of 1 ("0.1"). */
const weight = refine(string, (text, fail) => {
  if (weightText(unitsOfText(text)) !== text) fail('', 'an exact decimal from 0 to 1', text);
  return text;
});

const SHARES = array(object({ version: string, weight, agentId: optional(string) }));

/** A route's shares as recorded; a non-empty list must add up to exactly 1 (it may be written back). */
const shares: Decoder<Share[]> = refine(SHARES, (read, fail) => {
  const units = read.reduce((sum, share) => sum + unitsOfText(share.weight), 0);
  if (read.length > 0 && units !== WHOLE) fail('', 'weights that add up to 1', units / WHOLE);
  return read.map((share) => compact(share));
});

const ROUTE = object({ target: string, direction: optional(string), before: shares, after: shares });
const OWNER = object({ provider: string, agent: string });
const MARKED = object({ recordedBy: optional(string), schema: optional(integer) });
const RELEASE = object({
  operation: string,
  released: optional(string),
  previous: optional(string),
  traffic: optional(array(ROUTE)),
});
/** A time as GitHub writes it; it goes into log lines, so nothing else is taken. */
const time = refine(string, (text, fail) => {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/.test(text)) fail('', 'an ISO 8601 time', text);
  return text;
});

const DEPLOYMENT = object({
  id: integer,
  created_at: time,
  environment: optional(string),
  task: optional(string),
  payload: unknown,
});

/** The payload as an object: GitHub gives back what it was sent, an object or a JSON string. */
function parsedPayload(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    throw new ShapeError('payload', 'JSON', payload);
  }
}

/** Whether a version is not in the provider's own form (what its `version` rule makes of it, unchanged). */
function notConcrete(request: PublishRequest, version: string): boolean {
  try {
    return request.adapter.version?.parse(version) !== version;
  } catch {
    return true;
  }
}

/**
 * A label a provider routes by ("latest_published", a tag such as "v2" or "prod-1"): it starts with a letter,
 * so it is never a number in disguise ("007", "0x0", "1e0"), and holds no text a log could take for a command.
 */
const LABEL = /^[A-Za-z][\w.-]{0,63}$/;

/** Checks a version is in the provider's own form, or a label the provider routes by. */
function canonical(request: PublishRequest, version: string, path: string): void {
  if (notConcrete(request, version) && !LABEL.test(version)) {
    const expected = request.adapter.version?.expected ?? 'none';
    throw new ShapeError(path, `a version as this action writes it (${expected})`, version);
  }
}

type RecordedRoute = NonNullable<RecordedRelease['traffic']>[number];

/**
 * The routes as a rollback can put them back. A route that served a label before the step ("latest_published",
 * "latest", a tag) is read as serving the version live before the step: put back as written, the label would
 * now serve the very version rolled back from (a publish cannot be undone), and the read-back would still
 * match. Where the record names no version live before, that route is left out: the rollback then names it.
 */
function restorable(
  request: PublishRequest,
  routes: readonly RecordedRoute[],
  previous: string | undefined,
): RecordedRoute[] {
  const floats = (share: Share) => share.agentId === undefined && notConcrete(request, share.version);
  return routes.flatMap((route) => {
    if (!route.before.some(floats)) return [route];
    if (previous === undefined || notConcrete(request, previous)) return [];
    // Entries of one version, which this can make, are merged when the route is planned (routing/split.ts).
    const before = route.before.map((share) => (floats(share) ? { ...share, version: previous } : share));
    return [{ ...route, before }];
  });
}

function checkVersions(
  request: PublishRequest,
  release: ReturnType<typeof RELEASE> & { released: string },
): void {
  canonical(request, release.released, 'payload.released');
  if (release.previous !== undefined) canonical(request, release.previous, 'payload.previous');
  release.traffic?.forEach((route, i) => {
    for (const side of ['before', 'after'] as const)
      route[side].forEach((share, j) => {
        if (share.agentId === undefined)
          canonical(request, share.version, `payload.traffic[${i}].${side}[${j}].version`);
      });
  });
}

/** Why a record that decodes is not this step's, or undefined when it is. */
function notThisStep(
  deployment: ReturnType<typeof DEPLOYMENT>,
  payload: unknown,
  request: PublishRequest,
  environment: string,
): RecordSkipped | undefined {
  const owner = OWNER(payload, 'payload');
  if (owner.provider !== request.adapter.name || owner.agent !== request.target.agentId)
    return { skipped: 'it is about another agent', warn: false };
  if (deployment.environment !== environment || deployment.task !== RECORD_TASK)
    return { skipped: `it is not a ${RECORD_TASK} record of environment "${environment}"`, warn: true };
  const marked = MARKED(payload, 'payload');
  if (marked.recordedBy !== RECORD_MARKER.recordedBy || marked.schema !== RECORD_MARKER.schema)
    return {
      skipped:
        'its payload lacks the marker this action writes (a record of an older version, or of someone else)',
      warn: true,
    };
  return undefined;
}

/** A record of this step's agent that the action wrote, with its payload; or why it is not one. */
export function trustedRecord(
  item: unknown,
  request: PublishRequest,
  environment: string,
): { readonly id: number; readonly createdAt: string; readonly payload: unknown } | RecordSkipped {
  try {
    const deployment = DEPLOYMENT(item, 'record');
    const payload = parsedPayload(deployment.payload);
    return (
      notThisStep(deployment, payload, request, environment) ?? {
        id: deployment.id,
        createdAt: deployment.created_at,
        payload,
      }
    );
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return { skipped: `its ${error.message}`, warn: true };
  }
}

const FINGERPRINT = object({ fingerprint: optional(string) });

/** The configuration fingerprint a trusted record's payload keeps, if any. */
export function fingerprintOf(payload: unknown): string | undefined {
  try {
    return FINGERPRINT(payload, 'payload').fingerprint;
  } catch {
    return undefined;
  }
}

/** The record as a release of this agent, or why it is passed over. */
export function readRecord(item: unknown, request: PublishRequest, environment: string): RecordReading {
  const record = trustedRecord(item, request, environment);
  if ('skipped' in record) return record;
  try {
    const release = RELEASE(record.payload, 'payload');
    if (release.operation === 'rollback')
      return { skipped: 'it records a rollback, not a release', warn: false };
    const { released } = release;
    // A step that failed before its plan was made records no version: nothing to go back to.
    if (released === undefined) return { skipped: 'it names no released version', warn: false };
    checkVersions(request, { ...release, released });
    return {
      release: compact({
        id: record.id,
        version: released,
        previous: release.previous,
        source: `GitHub deployment ${record.id} in "${environment}" (${record.createdAt})`,
        traffic:
          release.traffic === undefined
            ? undefined
            : restorable(
                request,
                release.traffic.map((route) => compact(route)),
                release.previous,
              ),
      }),
    };
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return { skipped: `its ${error.message}`, warn: true };
  }
}
