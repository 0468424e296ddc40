// The key must never leave the process in readable form, even when a provider echoes it back.
// Besides the key itself, the forms it takes inside headers and URLs are redacted too.

const MASK = '***';

export type Redactor = (text: string) => string;

export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    JSON.stringify(secret).slice(1, -1),
  ]);
  // Longest first, so that a form containing another is replaced whole.
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = secrets.flatMap(secretForms);
  return (text) => forms.reduce((result, form) => result.split(form).join(MASK), text);
}

/** Redacts every string inside a parsed JSON value. */
export function redactValue(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redact(key), redactValue(item, redact)]),
    );
  }
  return value;
}
