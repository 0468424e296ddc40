// Turns manifest text into entries that remember their line numbers, so every mistake can be
// pointed at. JSON is YAML too, so one parser reads both. Loaded only with a manifest
// (see index.ts).
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
  /** The manifest file, relative to the workspace, when the manifest was read from one. */
  readonly file?: string;
}

const SHAPE_HINT =
  'Write the manifest as a list with one mapping per agent: "- provider: <name>" then "  agent-id: …" on the next line.';

type LineAt = (offset: number | undefined) => number;

/** The document's syntax errors, each at its line. */
function syntaxProblems(document: Document.Parsed, lineAt: LineAt): ManifestProblem[] {
  return document.errors.map((error) => {
    const line = lineAt(error.pos[0]);
    return {
      where: `line ${line}`,
      line,
      message: `is not valid YAML: ${error.message.replace(/\s+/g, ' ').replace(/\.?$/, '.')}`,
      hint: 'Correct the syntax; a YAML linter or editor shows the exact spot.',
    };
  });
}

/** Expands every alias once under the parser's limit, so that an alias bomb is refused here. */
function aliasProblem(document: Document.Parsed): ManifestProblem | undefined {
  try {
    document.toJS({ maxAliasCount: 100, mapAsMap: true });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { message: `cannot be read: ${message}`, hint: 'Use fewer aliases (*name).' };
  }
}

/** One list item as an entry, or the problems that keep it (or some of its keys) from being one. */
function readItem(
  item: unknown,
  index: number,
  document: Document.Parsed,
  lineAt: LineAt,
): { entry?: ManifestEntry; problems: ManifestProblem[] } {
  const line = lineAt(isNode(item) ? item.range?.[0] : undefined);
  if (!isMap(item))
    return {
      problems: [
        {
          where: `entry ${index} (line ${line})`,
          line,
          message: 'is not a mapping of keys to values.',
          hint: SHAPE_HINT,
        },
      ],
    };
  const values = new Map<string, unknown>();
  const lines = new Map<string, number>();
  const problems: ManifestProblem[] = [];
  for (const pair of item.items) {
    const keyLine = lineAt(isNode(pair.key) ? pair.key.range?.[0] : undefined);
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      problems.push({
        where: `entry ${index} (line ${keyLine})`,
        line: keyLine,
        message: 'has a key that is not a plain name.',
        hint: 'Write each key as a plain word such as agent-id.',
      });
      continue;
    }
    const value = pair.value;
    values.set(pair.key.value, writtenValue(value, document));
    lines.set(pair.key.value, keyLine);
  }
  return { entry: { index, line, values, lines }, problems };
}

export function parseManifest(text: string, file?: string): ParsedManifest {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt: LineAt = (offset) => lineCounter.linePos(offset ?? 0).line;
  const parsed = (entries: ManifestEntry[], problems: ManifestProblem[]): ParsedManifest => ({
    entries,
    problems,
    ...(file === undefined ? {} : { file }),
  });

  if (document.errors.length > 0) return parsed([], syntaxProblems(document, lineAt));
  const unreadable = aliasProblem(document);
  if (unreadable !== undefined) return parsed([], [unreadable]);
  const root = document.contents;
  if (root === null) return parsed([], []);
  if (!isSeq(root)) {
    const line = lineAt(root.range[0]);
    return parsed(
      [],
      [{ where: `line ${line}`, line, message: 'is not a list of agents.', hint: SHAPE_HINT }],
    );
  }
  const items = root.items.map((item, position) => readItem(item, position + 1, document, lineAt));
  return parsed(
    items.flatMap((item) => item.entry ?? []),
    items.flatMap((item) => item.problems),
  );
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
