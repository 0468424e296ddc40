// The failures of the transport itself, worded for a person: a redirect, a lost connection, a deadline,
// and a write that may have arrived before it failed.
import { TransportError, UNCERTAIN_WRITE_HINT, UncertainWriteError, type ActionError } from '../errors.ts';
import type { Redactor } from './redact.ts';
import type { RawResponse } from './transport.ts';

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function redirectRefused(label: string, raw: RawResponse, redact: Redactor): TransportError {
  // A Location may carry the key back (…?token=<key>), so it is redacted like any provider text.
  const location = redact(headerValue(raw.headers.location) ?? '(no Location header)');
  let where = location;
  try {
    where = new URL(location).origin;
  } catch {
    // A relative or malformed Location is shown as it is.
  }
  return new TransportError(
    `${label} answered a redirect (HTTP ${raw.status}) to ${where}; redirects are not followed so that the key is never sent to another address.`,
    'Set base-url to the final API address (the one the redirect points to), if you trust it.',
  );
}

/** What to do about a failed connection: only a slow answer is helped by a longer timeout. */
function networkHint(code: string): string {
  if (code === 'TIMEOUT' || code === 'ETIMEDOUT' || (code.startsWith('UND_ERR_') && code.endsWith('TIMEOUT')))
    return 'Raise timeout-seconds, or check base-url and the runner network; then re-run the job.';
  if (code === 'ECONNREFUSED')
    return 'Nothing accepts connections there: check the host and port of base-url (a local emulator must be running) and the runner network; then re-run the job.';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return "The host name does not resolve: check base-url and the runner's DNS; then re-run the job.";
  return 'Check base-url and the runner network; then re-run the job.';
}

export function networkFailure(label: string, code: string, timeoutMs: number): TransportError {
  const what =
    code === 'TIMEOUT' ? `no complete answer within ${timeoutMs / 1000} s` : `connection failed (${code})`;
  return new TransportError(`${label}: ${what}.`, networkHint(code));
}

export function deadlineFailure(message: string): TransportError {
  return new TransportError(
    message,
    'Raise deadline-seconds, or re-run the job when the provider answers faster (check its status page).',
  );
}

export function uncertainWrite(failure: ActionError): UncertainWriteError {
  return new UncertainWriteError(
    `${failure.message} The write may have reached the provider before it failed.`,
    UNCERTAIN_WRITE_HINT,
  );
}
