// Where an ElevenLabs agent's calls go after a step: the live split, and each of the agent's phone
// numbers. A number without a branch follows the split; one pinned to a branch (assigned_agent.branch_id)
// calls that branch whatever the split says, even at 0 % ("a branch at 0 % can still receive
// conversations when it is selected explicitly"): named in a warning when the split leaves it no traffic.
import type { RouteReading, Share, WhereCapability } from '../types.ts';
import { unitsOfText } from '../../routing/weights.ts';
import { branchName, snapshot, SPLIT, splitLabel, type Snapshot } from './state.ts';

/** The branches a route serves by name, for the summary (the `routes` output keeps their ids). */
function branchNames(agent: Snapshot, serves: readonly Share[]): Record<string, string> {
  return Object.fromEntries(serves.map((share) => [share.version, branchName(agent, share.version)]));
}

function numberReading(agent: Snapshot, number: string, branchId: string | undefined): RouteReading {
  if (branchId === undefined)
    return {
      target: number,
      serves: agent.split,
      names: branchNames(agent, agent.split),
      servesRelease: true,
      // What the split serves is in the route's own row: the note says only that it follows it.
      note: 'follows the split',
    };
  const live = agent.split.some((share) => share.version === branchId && unitsOfText(share.weight) > 0);
  const name = branchName(agent, branchId);
  const serves = [{ version: branchId, weight: '1' }];
  return {
    target: number,
    serves,
    names: branchNames(agent, serves),
    servesRelease: live,
    note: `pinned to branch ${name}`,
    ...(live
      ? {}
      : {
          warning: `ElevenLabs number ${number} is pinned to branch ${name}, which the split (${splitLabel(agent.split, agent)}) gives no traffic: its calls still go to ${name}. Change the number's branch in the ElevenLabs app.`,
        }),
  };
}

export const elevenLabsWhere: WhereCapability = {
  async read({ http, target }) {
    const agent = await snapshot(http, target.agentId);
    return [
      { target: SPLIT, serves: agent.split, names: branchNames(agent, agent.split) },
      ...agent.numbers.map((item) => numberReading(agent, item.number, item.branchId)),
    ];
  },
};
