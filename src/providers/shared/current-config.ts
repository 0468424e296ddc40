// The release diff's read for a provider that keeps one readable configuration per agent (sides
// 'current'): one GET, the object under one field of its answer, without the fields that tell the
// agent's state rather than what callers hear.
import type { HttpRequest } from '../../http/client.ts';
import type { AgentTarget, ConfigCapability } from '../types.ts';
import { object, record } from './decode.ts';
import { decodeAnswer } from './json.ts';

interface CurrentConfig {
  /** The provider's display name, for a contract break. */
  readonly provider: string;
  /** Why only one side can be shown, for the diff. */
  readonly limitation: string;
  /** What the configuration read is: "the published configuration". */
  readonly label: string;
  request(target: AgentTarget): HttpRequest;
  /** The field of the answer that holds the configuration. */
  readonly field: string;
  /** Fields left out of the configuration. */
  readonly volatile?: ReadonlySet<string>;
}

export function currentConfig(read: CurrentConfig): ConfigCapability {
  const answer = object({ [read.field]: record });
  return {
    sides: 'current',
    limitation: read.limitation,
    async read({ http, target }) {
      const request = read.request(target);
      const response = await http.request(request);
      const config =
        decodeAnswer(answer, response.json, { provider: read.provider, request })[read.field] ?? {};
      const kept = Object.entries(config).filter(([key]) => read.volatile?.has(key) !== true);
      return { label: read.label, config: Object.fromEntries(kept) };
    },
  };
}
