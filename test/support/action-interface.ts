// The action's public interface is written in three places: action.yml declares it, the code reads
// inputs and sets outputs, the README documents both (inputs in its commented `with:` block, outputs
// in a table). This check finds every input and output in
// each place, the code's by how it reads them, and reports any name missing from a place.
import { parse } from 'yaml';
import ts from 'typescript';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface InterfaceSources {
  readonly actionYml: string;
  readonly readme: string;
  /** The code, scanned for `input('name')`, `getInput('name')` and `setOutput('name', …)` calls. */
  readonly code: readonly SourceFile[];
  /** Inputs the code reads by a computed name from a list (one agent's inputs, the adapters' extraInputs). */
  readonly extraInputs: readonly string[];
  /** Outputs the code sets from a list (OUTPUT_NAMES) rather than by a literal name. */
  readonly listedOutputs: readonly string[];
  /**
   * The functions allowed to read an input by a computed name: those that forward a read (the
   * InputSource), or read extraInputs. Any other computed read is a problem, as the check cannot see it.
   */
  readonly computedReaders: readonly string[];
}

const READS = new Set(['input', 'getInput', 'getBooleanInput', 'getMultilineInput']);
const WRITES = new Set(['setOutput']);

interface CodeInterface {
  readonly inputs: Set<string>;
  readonly outputs: Set<string>;
  readonly problems: string[];
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** The name of the function a node is in: its declaration's, or the variable or property it is assigned to. */
function enclosingFunction(node: ts.Node): string {
  // A SourceFile's parent is undefined at run time, whatever the type says.
  for (let at: ts.Node | undefined = node.parent; at !== undefined; at = at.parent as ts.Node | undefined) {
    if ((ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at)) && at.name !== undefined)
      return at.name.getText();
    if (ts.isArrowFunction(at) || ts.isFunctionExpression(at)) {
      const holder = at.parent;
      if (
        (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) &&
        ts.isIdentifier(holder.name)
      )
        return holder.name.text;
    }
  }
  return '(top level)';
}

function scanCode(sources: InterfaceSources): CodeInterface {
  const found: CodeInterface = {
    inputs: new Set(sources.extraInputs),
    outputs: new Set(sources.listedOutputs),
    problems: [],
  };
  for (const file of sources.code) {
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const name = ts.isCallExpression(node) ? calleeName(node) : undefined;
      if (ts.isCallExpression(node) && name !== undefined && (READS.has(name) || WRITES.has(name))) {
        const [first] = node.arguments;
        const literal = first !== undefined && ts.isStringLiteralLike(first) ? first.text : undefined;
        if (literal !== undefined) (READS.has(name) ? found.inputs : found.outputs).add(literal);
        else if (READS.has(name) && !sources.computedReaders.includes(enclosingFunction(node))) {
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          found.problems.push(
            `${file.path}:${line}: ${enclosingFunction(node)} reads an input by a computed name, which this check cannot see: read it by its literal name, or declare it in an adapter's extraInputs`,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The lines of the README section "## <heading>", up to the next "## ". */
function readmeSection(readme: string, heading: string): string[] {
  const start = readme.search(new RegExp(`^## ${heading}\\s*$`, 'm'));
  if (start === -1) return [];
  const rest = readme.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return end === -1 ? rest : rest.slice(0, end);
}

/** The names in the first column (`name`) of the tables in the README section "## <heading>". */
function readmeTableNames(readme: string, heading: string): Set<string> {
  return new Set(
    readmeSection(readme, heading).flatMap((line) => /^\|\s*`([^`]+)`\s*\|/.exec(line)?.[1] ?? []),
  );
}

/** The `with:` keys of the step in the first ```yaml block of the README section "## <heading>". */
function readmeWithKeys(readme: string, heading: string): Set<string> {
  const lines = readmeSection(readme, heading);
  const start = lines.findIndex((line) => /^```ya?ml\s*$/.test(line));
  if (start === -1) return new Set();
  const end = lines.findIndex((line, index) => index > start && line.startsWith('```'));
  const steps = parse(lines.slice(start + 1, end).join('\n')) as unknown;
  const step: unknown = Array.isArray(steps) ? steps[0] : undefined;
  const given = typeof step === 'object' && step !== null && 'with' in step ? step.with : undefined;
  return new Set(typeof given === 'object' && given !== null ? Object.keys(given) : []);
}

function declaredNames(metadata: Record<string, unknown>, key: 'inputs' | 'outputs'): Set<string> {
  const section = metadata[key];
  return new Set(typeof section === 'object' && section !== null ? Object.keys(section) : []);
}

function compare(kind: 'input' | 'output', places: Readonly<Record<string, Set<string>>>): string[] {
  const all = [...new Set(Object.values(places).flatMap((names) => [...names]))].sort();
  return all.flatMap((name) => {
    const missing = Object.entries(places)
      .filter(([, names]) => !names.has(name))
      .map(([place]) => place);
    if (missing.length === 0) return [];
    const present = Object.keys(places).filter((place) => !missing.includes(place));
    return [`${kind} "${name}" is ${present.join(' and ')} but not ${missing.join(' nor ')}`];
  });
}

/** Every disagreement between action.yml, the code and the README; empty when they agree. */
export function interfaceProblems(sources: InterfaceSources): string[] {
  const metadata = parse(sources.actionYml) as Record<string, unknown>;
  const code = scanCode(sources);
  return [
    ...code.problems,
    ...compare('input', {
      'declared in action.yml': declaredNames(metadata, 'inputs'),
      'read by the code': code.inputs,
      'in the README with: block': readmeWithKeys(sources.readme, 'Inputs'),
    }),
    ...compare('output', {
      'declared in action.yml': declaredNames(metadata, 'outputs'),
      'set by the code': code.outputs,
      'in the README outputs table': readmeTableNames(sources.readme, 'Outputs'),
    }),
  ];
}
