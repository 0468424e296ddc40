// GitHub's `${{ … }}` expressions as the README's and docs/' workflows write them, evaluated the way
// GitHub does, for running those workflows against the emulator: contexts (`github.event_name`,
// `inputs.step`, `secrets[matrix.api-key-env]`), string, number and boolean literals, `!`, `==`,
// `!=`, `&&`, `||` (which return an operand, not a boolean), parentheses and `fromJSON`. Anything
// else throws, naming the expression: a scenario that guessed would prove nothing.

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Contexts = Readonly<Record<string, Value>>;

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(==|!=|&&|\|\||[!().[\],]))/y;

type Token = { kind: 'string' | 'number' | 'name' | 'op'; text: string };

function tokens(expression: string): Token[] {
  const list: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.trimEnd().length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (match === null) throw new Error(`cannot read \${{ ${expression} }} at ${at}`);
    const [, string, number, name, op] = match;
    if (string !== undefined) list.push({ kind: 'string', text: string.slice(1, -1).replace(/''/g, "'") });
    else if (number !== undefined) list.push({ kind: 'number', text: number });
    else if (name !== undefined) list.push({ kind: 'name', text: name });
    else list.push({ kind: 'op', text: op ?? '' });
  }
  return list;
}

export function truthy(value: Value | undefined): boolean {
  return !(value === undefined || value === null || value === false || value === '' || value === 0);
}

/** GitHub compares strings ignoring case, and other kinds after converting them to numbers. */
function equal(a: Value | undefined, b: Value | undefined): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  return typeof a === typeof b ? a === b : Number(a) === Number(b);
}

function member(value: Value | undefined, key: Value | undefined): Value | undefined {
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  if (typeof value === 'object' && value !== null) return value[asText(key ?? null)];
  return undefined;
}

class Parser {
  private at = 0;
  private readonly list: Token[];
  private readonly contexts: Contexts;
  private readonly expression: string;

  constructor(list: Token[], contexts: Contexts, expression: string) {
    this.list = list;
    this.contexts = contexts;
    this.expression = expression;
  }

  parse(): Value | undefined {
    const value = this.or();
    if (this.at < this.list.length) this.fail(`unexpected ${this.list[this.at]?.text ?? ''}`);
    return value;
  }

  private fail(problem: string): never {
    throw new Error(`\${{ ${this.expression} }}: ${problem}`);
  }

  private take(text: string): boolean {
    if (this.list[this.at]?.kind === 'op' && this.list[this.at]?.text === text) {
      this.at++;
      return true;
    }
    return false;
  }

  private or(): Value | undefined {
    let left = this.and();
    while (this.take('||')) {
      const right = this.and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  private and(): Value | undefined {
    let left = this.comparison();
    while (this.take('&&')) {
      const right = this.comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }

  private comparison(): Value | undefined {
    const left = this.unary();
    if (this.take('==')) return equal(left, this.unary());
    if (this.take('!=')) return !equal(left, this.unary());
    return left;
  }

  private unary(): Value | undefined {
    if (this.take('!')) return !truthy(this.unary());
    return this.postfix(this.primary());
  }

  private postfix(start: Value | undefined): Value | undefined {
    let value = start;
    for (;;) {
      if (this.take('.')) {
        const name = this.list[this.at++];
        if (name?.kind !== 'name') this.fail('a name must follow "."');
        value = member(value, name.text);
      } else if (this.take('[')) {
        const key = this.or();
        if (!this.take(']')) this.fail('missing ]');
        value = member(value, key ?? null);
      } else return value;
    }
  }

  private primary(): Value | undefined {
    const token = this.list[this.at++];
    if (token === undefined) this.fail('ends too early');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'op' && token.text === '(') {
      const value = this.or();
      if (!this.take(')')) this.fail('missing )');
      return value;
    }
    if (token.kind !== 'name') this.fail(`unexpected ${token.text}`);
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (token.text === 'null') return null;
    if (token.text === 'fromJSON' && this.take('(')) {
      const text = this.or();
      if (!this.take(')')) this.fail('missing ) after fromJSON');
      return JSON.parse(asText(text ?? null)) as Value;
    }
    if (!(token.text in this.contexts)) this.fail(`no context "${token.text}" in a scenario`);
    return this.contexts[token.text];
  }
}

export function evaluate(expression: string, contexts: Contexts): Value | undefined {
  return new Parser(tokens(expression), contexts, expression.trim()).parse();
}

/** A value as a string, as GitHub turns an expression's result into text. */
export function asText(value: Value | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A value of a workflow with every `${{ … }}` replaced. A value that is one expression alone keeps
 * its kind (an object for `strategy.matrix`), else the parts are joined as text.
 */
export function substitute(text: string, contexts: Contexts): Value | undefined {
  const whole = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text);
  if (whole?.[1] !== undefined && !whole[1].includes('}}')) return evaluate(whole[1], contexts);
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_match, expression: string) =>
    asText(evaluate(expression, contexts)),
  );
}
