// Where the manifest's text comes from: a file in the workspace, or the `manifest` input itself.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { parseManifest, type ParsedManifest } from './parse.ts';

const MAX_MANIFEST_BYTES = 1024 * 1024;

/** One line ending in .yml, .yaml or .json is a file path; anything else is the manifest itself. */
export function isManifestPath(raw: string): boolean {
  return !raw.includes('\n') && /\.(ya?ml|json)$/i.test(raw);
}

function outside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

/**
 * Reads a manifest file inside the workspace (the repository checkout). A path, or a symbolic link,
 * that leads out of it is refused: the manifest decides where keys are sent.
 */
async function readManifestFile(raw: string, workspace: string): Promise<{ text: string; file: string }> {
  const fix = `Set manifest to a file path relative to the repository root (${workspace}), such as agents.yml, after a checkout step; or write the YAML itself in the input.`;
  const root = await realpath(workspace).catch(() => path.resolve(workspace));
  const resolved = path.resolve(root, raw);
  if (outside(root, resolved)) throw new InputError('manifest', 'is a path outside the workspace', fix, raw);
  let real: string;
  try {
    real = await realpath(resolved);
  } catch {
    throw new InputError('manifest', 'names a file that does not exist', fix, raw);
  }
  if (outside(root, real))
    throw new InputError('manifest', 'is a link to a file outside the workspace', fix, raw);
  const stats = await stat(real);
  if (!stats.isFile()) throw new InputError('manifest', 'is not a file', fix, raw);
  if (stats.size > MAX_MANIFEST_BYTES)
    throw new InputError('manifest', `is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`, fix, raw);
  const file = path.relative(root, resolved).split(path.sep).join('/');
  return { text: await readFile(real, 'utf8'), file };
}

/** The `manifest` input, read and parsed; `workspace` is where relative paths start. */
export async function loadManifest(raw: string, workspace: string): Promise<ParsedManifest> {
  if (!isManifestPath(raw)) return parseManifest(raw);
  const { text, file } = await readManifestFile(raw, workspace);
  return parseManifest(text, file);
}
