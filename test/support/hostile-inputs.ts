// Inputs an attacker, a typo or a bad copy-paste could give the action. Each must be refused before
// any request, with an error that names the input and says how to fix it. Shared by the unit test
// of readInputs and the end-to-end test that runs the bundle and counts requests.
import type { ProviderName } from '../emulator/seed.ts';

export interface HostileInput {
  readonly name: string;
  readonly provider: ProviderName;
  /** Inputs laid over a valid publish of `PUBLISHABLE[provider]` (test/emulator/seed.ts). */
  readonly inputs: Readonly<Record<string, string>>;
  /** The input the error must name. */
  readonly input: string;
  /** Text the message or the fix must contain. */
  readonly says: string;
}

const UUID = '550e8400-e29b-41d4-a716-446655440000';
/** The part of a key pasted into the wrong input that must never be printed. */
const PASTED_KEY_TAIL = 'abcdefSECRETTAIL0123456789abcdefSECRETTAIL';
const ID_CHARACTERS = 'not allowed in an id';

function cases(
  provider: ProviderName,
  input: string,
  rows: readonly (readonly [name: string, value: string, says: string])[],
): HostileInput[] {
  return rows.map(([name, value, says]) => ({ name, provider, inputs: { [input]: value }, input, says }));
}

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  ...cases('retell', 'provider', [
    ['missing provider', '', 'talkover, retell, diga, langdock'],
    ['unknown provider', 'vapi', '(got "vapi")'],
    ['provider with a space', 'retell ai', 'is not a supported provider'],
  ]),
  ...cases('retell', 'operation', [
    ['unknown operation', 'delete', '"publish", "unpublish"'],
    ['unpublish on Retell', 'unpublish', 'Retell has no API for'],
  ]),
  ...cases('langdock', 'operation', [['unpublish on Langdock', 'unpublish', 'Langdock has no API for']]),
  ...cases('retell', 'agent-id', [
    ['missing agent-id', '', 'is required'],
    ['path traversal', '../admin', '(got "../admin")'],
    ['bare dot-dot', '..', ID_CHARACTERS],
    ['slash in id', 'a/b', ID_CHARACTERS],
    ['backslash in id', 'a\\b', ID_CHARACTERS],
    ['encoded slash', 'a%2Fb', ID_CHARACTERS],
    ['encoded dot-dot', '%2e%2e', ID_CHARACTERS],
    ['query in id', 'a?x=1', ID_CHARACTERS],
    ['fragment in id', 'a#top', ID_CHARACTERS],
    ['space in id', 'a b', 'whitespace'],
    ['tab in id', 'a\tb', 'whitespace'],
    ['line break in id', 'agent_1\nX-Injected: 1', 'whitespace'],
    ['control character in id', 'a\u0007b', 'control'],
    ['id of 129 characters', 'a'.repeat(129), 'longer than 128'],
    ['right-to-left override in id', 'agent_\u202Eevil', 'characters an id cannot have'],
    ['zero-width space in id', 'agent_\u200B1', 'characters an id cannot have'],
  ]),
  ...cases('talkover', 'agent-id', [['Talkover id with a dot', 'agent.1', 'characters an id cannot have']]),
  ...cases('diga', 'agent-id', [
    ['UUID with a path after it', `${UUID}/versions`, ID_CHARACTERS],
    // Issue 13: a key pasted into the wrong input was printed back whole.
    ['key pasted into agent-id', `sk_live_0123${PASTED_KEY_TAIL}`, '(got "sk_live_0123…")'],
  ]),
  ...cases('langdock', 'agent-id', [['UUID in braces', `{${UUID}}`, 'not a UUID']]),
  ...cases('elevenlabs', 'agent-id', [['ElevenLabs id without agent_', UUID, 'not an ElevenLabs agent id']]),
  ...cases('elevenlabs', 'branch', [
    ['branch name with a terminal escape', 'main\u001b[2K', 'control characters'],
  ]),
  ...cases('retell', 'version', [
    ['decimal version', '1.2', 'not a version number'],
    ['negative version', '-1', 'not a version number'],
    ['version with a path', '../3', ID_CHARACTERS],
    ['version with a query', 'v3?all=1', ID_CHARACTERS],
    ['version of ten digits', '9999999999', 'not a version number'],
  ]),
  ...cases('diga', 'version', [
    ['Diga version that is a word', 'latest', 'neither'],
    ['Diga version with an encoded slash', '%2F', ID_CHARACTERS],
  ]),
  ...cases('langdock', 'description', [
    ['Langdock description of 101 characters', 'd'.repeat(101), 'takes at most 100'],
    // A NUL cannot reach an action at all: environment variables cannot hold one.
    ['description with a terminal escape', 'fix\u001b[2Kes', 'control characters'],
  ]),
  ...cases('diga', 'outbound-phone-number-id', [['phone number instead of its id', '+34123', 'not a UUID']]),
  ...cases('diga', 'inbound-phone-number-id', [['phone id with a path', '../numbers', ID_CHARACTERS]]),
  ...cases('retell', 'api-key', [
    ['missing key', '', 'RETELL_API_KEY'],
    ['key with a space inside', 'k3y_with space_inside', 'whitespace'],
    ['key with a line break inside', 'k3y_line\nbreak_inside', 'line break'],
    ['key with a tab inside', 'k3y_tab\tinside_it', 'whitespace'],
    ['key with a DEL inside', 'k3y_del\u007f_inside', 'non-printable'],
    ['key with a non-ASCII letter', 'k3y_caf\u00e9_inside', 'non-printable'],
    // Issue 13: a short key (a, data, true) is a placeholder, and redacting it corrupts answers.
    ['key of one letter', 'a', 'shorter than 8 characters'],
    ['key that is a common word', 'data', 'shorter than 8 characters'],
    ['key of seven characters', 'k3y_abc', 'shorter than 8 characters'],
  ]),
  ...cases('retell', 'base-url', [
    ['http to a remote host', 'http://api.retellai.com', 'https'],
    ['host that only starts like loopback', 'http://127.0.0.1.evil.example', 'https'],
    ['localhost as a subdomain', 'http://localhost.evil.example', 'https'],
    ['relative base-url', 'api.retellai.com', 'absolute'],
    ['scheme without a host', 'https://', 'absolute'],
    ['base-url with a query', 'https://x.example/?a=1', 'query'],
    ['base-url with a fragment', 'https://x.example/#top', 'fragment'],
    ['file base-url', 'file:///etc/passwd', 'https'],
    ['javascript base-url', 'javascript:alert(1)', 'https'],
    ['key pasted into base-url', `https://x.example/?k=${PASTED_KEY_TAIL}`, '(got "https://x.ex…")'],
    ['credentials in base-url', 'https://user:hunter2@x.example', 'credentials'],
  ]),
  ...cases('retell', 'timeout-seconds', [
    ['timeout of zero', '0', 'from 1 to 600'],
    ['timeout over ten minutes', '601', 'from 1 to 600'],
    ['negative timeout', '-5', 'from 1 to 600'],
    ['timeout as a word', 'soon', 'from 1 to 600'],
  ]),
  ...cases('retell', 'max-retries', [
    ['too many retries', '11', 'from 0 to 10'],
    ['fraction of a retry', '1.5', 'whole number'],
    ['negative retries', '-1', 'from 0 to 10'],
  ]),
  ...cases('retell', 'deadline-seconds', [
    ['deadline of zero', '0', 'from 1 to 21600'],
    ['deadline over six hours', '21601', 'from 1 to 21600'],
  ]),
  ...cases('retell', 'verify', [
    ['verify yes', 'yes', 'true or false'],
    ['verify on', 'on', 'true or false'],
  ]),
  ...cases('retell', 'dry-run', [
    ['dry-run 1', '1', 'true or false'],
    ['dry-run misspelled', 'ture', 'true or false'],
  ]),
  ...cases('retell', 'on-unchanged', [['on-unchanged ignore', 'ignore', '"succeed", "fail"']]),
  ...cases('retell', 'concurrency', [
    ['concurrency of zero', '0', 'from 1 to 32'],
    ['concurrency over 32', '33', 'from 1 to 32'],
  ]),
  ...cases('retell', 'fail-fast', [['fail-fast on', 'on', 'true or false']]),
  ...cases('retell', 'plan-only', [['plan-only yes', 'yes', 'true or false']]),
  ...cases('retell', 'environment', [
    ['environment of 256 characters', 'e'.repeat(256), 'at most 255'],
    ['environment with a line break', 'prod\nx', 'control characters'],
  ]),
  {
    name: 'environment without a token',
    provider: 'retell',
    inputs: { environment: 'prod', 'github-token': '' },
    input: 'github-token',
    says: 'deployments: write',
  },
];

/** Values that must never be printed, even inside an error about them. */
export const NEVER_QUOTED = ['hunter2', 'SECRETTAIL'];
