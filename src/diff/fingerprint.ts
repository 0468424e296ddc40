// A short fingerprint of a configuration, kept in a GitHub deployment record's payload: where a provider
// cannot show two versions side by side, it tells whether the configuration changed since the last release.
import { createHash } from 'node:crypto';
import { canonical } from './compute.ts';

export function fingerprintOf(config: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(config)))
    .digest('hex')
    .slice(0, 16);
}
