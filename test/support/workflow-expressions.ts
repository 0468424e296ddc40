// The few `${{ … }}` expressions the self-test workflow uses, evaluated as GitHub does, for running
// that workflow locally. Anything else is refused with the place it was found: a local run that
// guessed would prove nothing.

export type Outcome = 'success' | 'failure';

export interface StepResult {
  readonly outputs: Readonly<Record<string, string>>;
  readonly outcome: Outcome;
  /** success when a failed step has continue-on-error: true. */
  readonly conclusion: Outcome;
}

export interface ExpressionContext {
  readonly matrix: Readonly<Record<string, string>>;
  /** The steps that have run so far, by id. */
  readonly steps: ReadonlyMap<string, StepResult>;
}

export class UnsupportedWorkflowError extends Error {}

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const MATRIX = new RegExp(`^matrix\\.(${NAME})$`);
const STEP = new RegExp(`^steps\\.(${NAME})\\.(?:outputs\\.(${NAME})|(outcome|conclusion))$`);

export const SUPPORTED_EXPRESSIONS =
  'matrix.<key>, steps.<id>.outputs.<name>, steps.<id>.outcome and steps.<id>.conclusion';

type Reference =
  | { readonly kind: 'matrix'; readonly key: string }
  | { readonly kind: 'output'; readonly step: string; readonly name: string }
  | { readonly kind: 'outcome' | 'conclusion'; readonly step: string };

function parseReference(expression: string, where: string): Reference {
  const matrix = MATRIX.exec(expression);
  if (matrix?.[1] !== undefined) return { kind: 'matrix', key: matrix[1] };
  const step = STEP.exec(expression);
  if (step?.[1] !== undefined) {
    if (step[2] !== undefined) return { kind: 'output', step: step[1], name: step[2] };
    if (step[3] === 'outcome' || step[3] === 'conclusion') return { kind: step[3], step: step[1] };
  }
  throw new UnsupportedWorkflowError(
    `${where}: the expression \${{ ${expression} }} is not supported locally (only ${SUPPORTED_EXPRESSIONS})`,
  );
}

function resolve(reference: Reference, context: ExpressionContext, where: string): string {
  if (reference.kind === 'matrix') {
    const value = context.matrix[reference.key];
    if (value === undefined)
      throw new UnsupportedWorkflowError(`${where}: the matrix has no key ${reference.key}`);
    return value;
  }
  const result = context.steps.get(reference.step);
  if (result === undefined)
    throw new UnsupportedWorkflowError(`${where}: no step with id ${reference.step} has run before this one`);
  if (reference.kind === 'output') return result.outputs[reference.name] ?? '';
  return result[reference.kind];
}

const EXPRESSIONS = /\$\{\{(.*?)\}\}/gs;

function references(text: string, where: string): Reference[] {
  if (text.replace(EXPRESSIONS, '').includes('${{'))
    throw new UnsupportedWorkflowError(`${where}: an unclosed \${{ in ${JSON.stringify(text)}`);
  return [...text.matchAll(EXPRESSIONS)].map((match) => parseReference((match[1] ?? '').trim(), where));
}

/** Throws unless every expression in the value is one this module can evaluate. */
export function assertSupported(text: string, where: string): void {
  references(text, where);
}

/** Replaces every `${{ expression }}` in a value; `where` names the value in errors. */
export function interpolate(text: string, context: ExpressionContext, where: string): string {
  references(text, where);
  return text.replace(EXPRESSIONS, (_match, expression: string) =>
    resolve(parseReference(expression.trim(), where), context, where),
  );
}
