// The inputs of a step with a manifest: its text read (a file or the input itself), parsed and
// validated. main imports this module only when `manifest` is given, so that a single-agent step
// never loads it nor the YAML parser (ncc puts them in chunks of their own).
import type { InputSource, ParsedInputs } from '../inputs/index.ts';
import { readManifest } from './validate.ts';
import { loadManifest } from './load.ts';
import type { ProviderAdapter } from '../providers/types.ts';
import type { Trigger } from '../inputs/context.ts';

export async function readManifestInputs(
  raw: string,
  source: InputSource,
  trigger: Trigger,
  registry: readonly ProviderAdapter[],
): Promise<ParsedInputs> {
  const workspace = source.env('GITHUB_WORKSPACE') || process.cwd();
  return readManifest(await loadManifest(raw, workspace), source, trigger, registry);
}
