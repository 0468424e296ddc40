// The scale of `traffic_percentage`: the API example sends fractions (0.5), the versioning guide says
// percentages "must always total exactly 100%". Not guessed: read from the live deployment the history
// answers (its shares add up to 1 or to 100); with no deployment yet, fractions are sent, and a deployment
// refused for its scale fails loudly before traffic moves (see the adapter's 422 hint).

/** 1 (fractions) or 100 (percentages) from a deployment's shares; undefined when they add up to neither. */
export function scaleOf(shares: ReadonlyMap<string, number>): 1 | 100 | undefined {
  const sum = [...shares.values()].reduce((total, share) => total + share, 0);
  if (Math.abs(sum - 1) < 1e-6) return 1;
  if (Math.abs(sum - 100) < 1e-4) return 100;
  return undefined;
}
