// Value rules shared by the adapters, so that "a UUID" or "a version number" means one thing everywhere.
import type { ValueRule } from '../types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Opaque ids (Retell): letters, digits and a few separators; nothing that could change a URL path. */
const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** Ids typed as plain strings (Talkover): any letters, digits, "-" and "_", such as a UUID or agent_123456. */
const SAFE_ID = /^[A-Za-z0-9_-]+$/;

export const safeIdRule: ValueRule = {
  expected: 'the id shown by the provider: letters, digits, "-" or "_" (e.g. a UUID)',
  parse(raw) {
    if (!SAFE_ID.test(raw)) throw new RangeError('contains characters an id cannot have');
    // UUIDs are compared in one case; other ids are kept as given.
    return isUuid(raw) ? raw.toLowerCase() : raw;
  },
};

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export const uuidRule: ValueRule = {
  expected: 'a UUID such as 550e8400-e29b-41d4-a716-446655440000',
  parse(raw) {
    if (!isUuid(raw)) throw new RangeError('is not a UUID');
    return raw.toLowerCase();
  },
};

/**
 * Opaque ids (Retell: seen as agent_ + hex, or 32 letters and digits) are never UUIDs: a UUID is
 * another provider's id, refused here rather than sent to be answered 404.
 */
export const opaqueIdRule: ValueRule = {
  expected:
    'the id shown in the provider dashboard, such as agent_6a1f0c2b9d8e7f3a4b5c6d7e8f (letters, digits, "_", "-", "." or ":")',
  parse(raw) {
    if (!OPAQUE_ID.test(raw)) throw new RangeError('contains characters an id cannot have');
    if (isUuid(raw)) throw new RangeError("is a UUID, another provider's kind of id");
    return raw;
  },
};

/** A version number as people write it: `3` or `v3`. Returns undefined for anything else. */
export function versionNumber(raw: string): number | undefined {
  const match = /^[vV]?(\d{1,9})$/.exec(raw);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
