// The key must never leave the process in readable form, even when a provider echoes it back.
// Besides the key itself, the forms it takes inside headers and URLs are redacted too.

const MASK = '***';

export type Redactor = (text: string) => string;

export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const bytes = Buffer.from(secret);
  const bearer = Buffer.from(`Bearer ${secret}`);
  const percent = encodeURIComponent(secret);
  const hex = bytes.toString('hex');
  const forms = new Set([
    secret,
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    // An Authorization header echoed whole, as Basic-style base64.
    bearer.toString('base64'),
    bearer.toString('base64url'),
    hex,
    hex.toUpperCase(),
    JSON.stringify(secret).slice(1, -1),
  ]);
  // Longest first, so that a form containing another is replaced whole.
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = secrets.flatMap(secretForms);
  return (text) => forms.reduce((result, form) => result.split(form).join(MASK), text);
}

/**
 * Redacts every string inside a parsed JSON value, and every number that spells the key (an
 * all-digit key echoed without quotes).
 */
export function redactValue(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number') return redact(String(value)) === String(value) ? value : MASK;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redact(key), redactValue(item, redact)]),
    );
  }
  return value;
}
