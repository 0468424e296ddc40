// Credentials in agent configurations (tool headers, API keys, webhook URLs with tokens) are never shown:
// a field whose name says it holds one is compared, not printed; URLs keep host and path only.
import type { Shown } from './types.ts';

const CREDENTIAL_NAME = /key|token|secret|password|passwd|auth|header|cookie|credential/i;
/** Names that only look like one: a count of tokens, keywords to listen for. */
const NOT_CREDENTIAL = /^(max_\w*tokens|\w*tokens?_(limit|count)|\w*keywords?|author)$/i;

/** Whether a field's value is a credential by its name (`api_key`, `request_headers`, `Authorization`…). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name) && !NOT_CREDENTIAL.test(name);
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/giu;

/** A URL with its scheme, host and path; the query and fragment become `?…`, user info is dropped. */
export function safeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/[?#].*$/su, '?…').replace(/\/\/[^/@]*@/u, '//');
  }
  const hidden = url.search !== '' || url.hash !== '' ? '?…' : '';
  return `${url.protocol}//${url.host}${url.pathname}${hidden}`;
}

/** Text with every URL in it cut to host and path, and any bearer or basic credential hidden. */
export function safeText(text: string): string {
  return text.replace(URL_IN_TEXT, safeUrl).replace(/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}/giu, '$1 …');
}

/** A scalar as the diff shows it. */
export function shown(value: unknown): Shown {
  if (typeof value === 'string') return safeText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  // A list or object shown whole (e.g. an unnamed list that changed): its own credentials hidden first.
  return JSON.stringify(hiddenCredentials(value));
}

/** A value with its credentials hidden (a provider's answer, a list shown whole): credential fields marked, URLs cut to host and path. */
export function hiddenCredentials(value: unknown): unknown {
  if (typeof value === 'string') return safeText(value);
  if (Array.isArray(value)) return value.map(hiddenCredentials);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      isCredentialName(key) ? '(credential, not shown)' : hiddenCredentials(item),
    ]),
  );
}
