// One helper every layer uses for reads sent at once: a failure must not leave another one running (its
// request would outlive the step, and its log lines would come after the failure's, or be lost).

/** Every read settled, then the first one's failure (in the order given) thrown; else all the values. */
export async function allSettled<T extends readonly unknown[]>(reads: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const results = await Promise.allSettled(reads);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason as Error;
  return results.map((result) => (result.status === 'fulfilled' ? result.value : undefined)) as unknown as T;
}
