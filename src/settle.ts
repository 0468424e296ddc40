// One helper every layer uses: two reads at once, where a failure must not leave the other one running
// (its request would outlive the step, and its log lines would come after the failure's).

/** Both settled, then the first one's failure thrown, else the second's; else both values. */
export async function bothSettled<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason as Error;
  if (b.status === 'rejected') throw b.reason as Error;
  return [a.value, b.value];
}
