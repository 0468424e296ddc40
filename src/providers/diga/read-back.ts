// What a Diga step reads after its write: the versions (which one is published) and the agent's numbers,
// at once. Verify checks them (the published version, the bindings, numbers left on another version);
// where calls go uses the same reads where verify moved no number after them, and reads them itself else.
import type { HttpClient } from '../../http/client.ts';
import { servingNumbers, type DigaNumber } from './numbers.ts';
import { readVersions, type DigaVersion } from './versions.ts';

export interface ReadBack {
  readonly versions: readonly DigaVersion[];
  readonly numbers: readonly DigaNumber[];
}

/**
 * The versions and the numbers, both read to their end (a failure of one does not leave the other
 * running); the numbers' log lines wait for the versions'. A failed versions read throws; the numbers'
 * outcome is given as is, for the reader to decide (a key may lack the phones permission).
 */
export async function readAfterWrite(
  http: HttpClient,
  agentId: string,
): Promise<{ versions: DigaVersion[]; numbers: PromiseSettledResult<DigaNumber[]> }> {
  const held = http.heldLog();
  const [versions, numbers] = await Promise.allSettled([
    readVersions(http, agentId),
    servingNumbers(held.http, agentId),
  ]).finally(held.release);
  if (versions.status === 'rejected') throw versions.reason as Error;
  return { versions: versions.value, numbers };
}
