// Turns manifest text into entries that remember their line numbers, so every mistake can be
// pointed at. JSON is YAML too, so one parser reads both. Loaded only with a manifest
// (see manifest-inputs.ts).
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { ManifestProblem } from '../errors.ts';

export interface ManifestEntry {
  /** 1-based, as a person counts the list items. */
  readonly index: number;
  readonly line: number;
  /** Each key's value: a scalar as the text written (`0x10`, not 16), null, a list… */
  readonly values: ReadonlyMap<string, unknown>;
  /** The line of each key. */
  readonly lines: ReadonlyMap<string, number>;
}

export interface ParsedManifest {
  readonly entries: readonly ManifestEntry[];
  /** Problems with the document as a whole: syntax, a top level that is not a list, an item that is not a mapping. */
  readonly problems: readonly ManifestProblem[];
}

const SHAPE_HINT =
  'Write the manifest as a list with one mapping per agent: "- provider: <name>" then "  agent-id: …" on the next line.';

export function parseManifest(text: string): ParsedManifest {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number | undefined): number => lineCounter.linePos(offset ?? 0).line;

  if (document.errors.length > 0) {
    return {
      entries: [],
      problems: document.errors.map((error) => ({
        where: `line ${lineAt(error.pos[0])}`,
        message: `is not valid YAML: ${error.message.replace(/\s+/g, ' ').replace(/\.?$/, '.')}`,
        hint: 'Correct the syntax; a YAML linter or editor shows the exact spot.',
      })),
    };
  }
  try {
    // Expands every alias once under the parser's limit, so that an alias bomb is refused here.
    document.toJS({ maxAliasCount: 100, mapAsMap: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      entries: [],
      problems: [{ message: `cannot be read: ${message}`, hint: 'Use fewer aliases (*name).' }],
    };
  }
  const root = document.contents;
  if (root === null) return { entries: [], problems: [] };
  if (!isSeq(root)) {
    return {
      entries: [],
      problems: [
        { where: `line ${lineAt(root.range[0])}`, message: 'is not a list of agents.', hint: SHAPE_HINT },
      ],
    };
  }

  const entries: ManifestEntry[] = [];
  const problems: ManifestProblem[] = [];
  root.items.forEach((item, position) => {
    const index = position + 1;
    const line = lineAt(isNode(item) ? item.range[0] : undefined);
    if (!isMap(item)) {
      problems.push({
        where: `entry ${index} (line ${line})`,
        message: 'is not a mapping of keys to values.',
        hint: SHAPE_HINT,
      });
      return;
    }
    const values = new Map<string, unknown>();
    const lines = new Map<string, number>();
    for (const pair of item.items) {
      const keyLine = lineAt(isNode(pair.key) ? pair.key.range[0] : undefined);
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
        problems.push({
          where: `entry ${index} (line ${keyLine})`,
          message: 'has a key that is not a plain name.',
          hint: 'Write each key as a plain word such as agent-id.',
        });
        continue;
      }
      values.set(pair.key.value, writtenValue(pair.value, document));
      lines.set(pair.key.value, keyLine);
    }
    entries.push({ index, line, values, lines });
  });
  return { entries, problems };
}

/**
 * A value as the user wrote it. YAML reads `0x10` as 16, `1e1` as 10 and `3.0` as 3; a scalar is
 * kept as its text instead, so that the rules of the step's inputs (which are text) apply to it
 * alike. Null stays null (not given); lists and mappings are returned as such, to be refused.
 */
function writtenValue(value: unknown, document: Document.Parsed): unknown {
  const node = isAlias(value) ? value.resolve(document) : value;
  if (isScalar(node)) {
    const { value: read, source } = node;
    if (read === null || typeof read === 'string') return read;
    // A number, a boolean or a date: the text it was read from.
    return typeof source === 'string' ? source : read;
  }
  return isNode(node) ? node.toJS(document) : node;
}
