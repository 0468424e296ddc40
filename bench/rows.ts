// The comparisons `npm run bench` measures, in the order it prints them. A row measures something
// (usually the action) against a floor, interleaved, and may set a target for the ratio of their
// medians. To measure something new, add a row here: subjects.ts has the floors and the action
// launcher, whose cases can set the emulator's latency.
import { PROVIDERS } from '../test/emulator/seed.ts';
import { action, bareNode, nodeWithTls, undiciFloor, type Subject } from './subjects.ts';

export interface Row {
  /** Rows of one section are printed under one heading. */
  readonly section: string;
  readonly name: string;
  readonly floor: Subject;
  readonly measured: Subject;
  /** The target: the measured median wall time over the floor's is at most this. Absent: only shown. */
  readonly maxRatio?: number;
  /** Also measure peak RSS (in separate runs, see measure.ts). */
  readonly peakRss?: boolean;
}

export const ROWS: readonly Row[] = [
  // Start-up: Node, the bundle loaded (with @actions/core), inputs read and refused, outputs and
  // summary written, exit; no request. The way other actions' start-up is compared.
  {
    section: 'cold start',
    name: 'action: start-up, missing agent-id (no request)',
    floor: bareNode,
    measured: action({
      provider: 'talkover',
      inputs: { 'agent-id': '' },
      status: 'failed',
      failsBeforeAnyRequest: true,
    }),
    maxRatio: 3.1,
  },
  {
    section: 'cold start',
    name: 'action: dry run, talkover (1 read)',
    floor: bareNode,
    measured: action({ provider: 'talkover', inputs: { 'dry-run': 'true' }, status: 'dry-run' }),
    peakRss: true,
  },
  // What the cold-start target is up against: an HTTPS client cannot start without TLS, and no client
  // of undici starts faster than the floor of one publish.
  {
    section: 'cold start',
    name: 'reference: loading TLS',
    floor: bareNode,
    measured: nodeWithTls,
  },
  {
    section: 'cold start',
    name: 'reference: undici, 1 request',
    floor: bareNode,
    measured: undiciFloor(),
    peakRss: true,
  },
  ...PROVIDERS.flatMap((provider) =>
    [false, true].map((verify): Row => ({
      section: 'one publish',
      name: `action: ${provider}, verify ${verify ? 'on' : 'off'}`,
      floor: undiciFloor(),
      measured: action({ provider, inputs: { verify: String(verify) }, status: 'published' }),
      maxRatio: verify ? 1.4 : 1.5,
    })),
  ),
];
