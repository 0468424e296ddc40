// Turns a provider's error response into one readable sentence and a next step.
// Providers answer errors in several body shapes (FastAPI's detail, error objects, plain text, HTML
// pages); this reads them all.
import { truncate } from '../errors.ts';

export interface ProviderMessage {
  readonly detail: string;
  readonly code: string | undefined;
}

const MAX_DETAIL = 300;

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function stripTags(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ');
}

/** FastAPI's `detail`: a string, a list of validation errors, or an object `{status, message}`. */
function fastApiDetail(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (isRecord(detail)) {
    if (typeof detail.message === 'string') return detail.message;
    return typeof detail.msg === 'string' ? detail.msg : JSON.stringify(detail);
  }
  if (!Array.isArray(detail)) return undefined;
  const parts = detail.map((item: unknown) => {
    if (item === null || typeof item !== 'object') return String(item);
    const { loc, msg } = item as { loc?: unknown; msg?: unknown };
    const where = Array.isArray(loc) ? `${loc.map(String).join('.')}: ` : '';
    return `${where}${typeof msg === 'string' ? msg : JSON.stringify(item)}`;
  });
  return parts.join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A message that is a list of strings (some frameworks answer `message: ["a", "b"]`). */
function joined(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'))
    return value.join('; ');
  return undefined;
}

/** `errors` or `error.details`: a list, or fields with their messages; empty ones say nothing. */
function listedErrors(errors: unknown): string | undefined {
  if (typeof errors === 'string') return errors.trim() === '' ? undefined : errors;
  if (Array.isArray(errors)) {
    if (errors.length === 0) return undefined;
    return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ');
  }
  if (errors !== null && typeof errors === 'object') {
    if (Object.keys(errors).length === 0) return undefined;
    return Object.entries(errors)
      .map(
        ([field, messages]) =>
          `${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`,
      )
      .join('; ');
  }
  return undefined;
}

function fromJsonObject(body: Record<string, unknown>): ProviderMessage | undefined {
  const error = body.error;
  const nested = isRecord(error) ? error : undefined;
  const extras = [listedErrors(nested?.details), listedErrors(body.errors)].filter(
    (extra): extra is string => extra !== undefined,
  );
  const candidates = [
    joined(nested?.message),
    joined(body.message),
    body.error_message,
    fastApiDetail(body.detail),
    typeof error === 'string' ? error : undefined,
  ];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  // `{success: false, errors: […]}` without a message: the list is the message.
  const message = found ?? extras.shift();
  if (message === undefined) return undefined;
  const detailStatus = isRecord(body.detail) ? body.detail.status : undefined;
  const code = [nested?.code, body.error_code, detailStatus].find((c): c is string => typeof c === 'string');
  return { detail: extras.length === 0 ? message : `${message} (${extras.join('; ')})`, code };
}

/**
 * The provider's own words for a failed response, redacted. The text is parsed as it came, then
 * redacted: decoding first also catches an escape such as \u006b that spells the key anew.
 */
export function providerMessage(
  text: string,
  contentType: string | undefined,
  redact: (text: string) => string,
): ProviderMessage {
  if (text.trim() === '') return { detail: 'empty response body', code: undefined };
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const message = fromJsonObject(parsed as Record<string, unknown>);
      if (message !== undefined) {
        return {
          detail: truncate(collapse(redact(message.detail)), MAX_DETAIL),
          code: message.code === undefined ? undefined : redact(message.code),
        };
      }
    }
  } catch {
    // Not JSON: proxies answer HTML or text; described below.
  }
  if (/html/i.test(contentType ?? '') || /^\s*</.test(text)) {
    return {
      detail: `non-JSON response: ${truncate(collapse(redact(stripTags(text))), 200)}`,
      code: undefined,
    };
  }
  return { detail: truncate(collapse(redact(text)), MAX_DETAIL), code: undefined };
}

export interface HintContext {
  readonly provider: string;
  readonly apiKeyEnv: string;
  /** Provider-specific next steps that replace the generic ones, by status. */
  readonly hints: Readonly<Partial<Record<number, string>>>;
}

/** The next step for a failed status: the provider's own hint where it has one, else a generic one. */
export function hintForStatus(status: number, context: HintContext): string {
  const specific = context.hints[status];
  if (specific !== undefined) return specific;
  const { provider, apiKeyEnv } = context;
  if (status === 401) {
    return `Check the ${provider} API key: pass a valid one as api-key (e.g. \${{ secrets.${apiKeyEnv} }}) or in the ${apiKeyEnv} environment variable.`;
  }
  if (status === 403)
    return `The ${provider} API key lacks permission to publish this agent: use a key with edit access to it.`;
  if (status === 404) {
    return `Check agent-id: ${provider} has no such agent for this key (a key from another workspace or environment cannot see it).`;
  }
  if (status === 429)
    return `${provider} rate-limited the request: wait a minute and re-run the job, or publish less often.`;
  if (status >= 500)
    return `${provider} failed internally: re-run the job later; if it persists, check the provider's status page.`;
  if (status >= 400)
    return `${provider} rejected the request: check agent-id, version and the other inputs against the provider's docs.`;
  return `${provider} answered an unexpected status: re-run the job; if it persists, please open an issue.`;
}
