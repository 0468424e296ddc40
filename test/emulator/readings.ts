// Readings: where the providers' docs allow more than one behaviour, the emulator can play each.
// The default of every reading is the emulator's first (and the adapters' original) reading; the
// end-to-end tests run the relevant scenarios in every other one (test/e2e/readings.test.ts).

export interface Readings {
  /** Diga: a phone field left out of `PATCH …/published_version` keeps its binding, or is read as null. */
  digaOmittedPhone: 'keeps-binding' | 'unbinds';
  /**
   * Diga: what a publish does to the agent's numbers it does not name: they follow it; they keep their
   * version (two versions published); or the publish is refused (400, one published version per agent).
   */
  digaOtherNumbers: 'follow' | 'keep-version' | 'refuse';
  /** Diga: `order` on the version list (its values are undocumented) is accepted, or rejected with a 422. */
  digaVersionOrder: 'accepted' | 'rejected';
  /** Diga: the version list's default order when none is asked for. */
  digaDefaultOrder: 'desc' | 'asc';
  /** Diga: the version list's page envelope carries `has_more`, only `total_pages`, or neither. */
  digaPaging: 'has-more' | 'total-pages-only' | 'neither';
  /** Diga: a bad key answers 401 (undocumented), or 403 (documented, with a permissions message). */
  digaBadKey: 401 | 403;
  /** Talkover: after an unpublish, is_ready_to_publish stays; goes false while publish still works; or goes false and publish answers 422. */
  talkoverReadyAfterUnpublish: 'stays' | 'false-publish-works' | 'false-publish-refused';
  /** Talkover: how the 422 "not ready" explains what is missing. */
  talkoverNotReadyShape: 'errors-list' | 'message-only' | 'error-details' | 'errors-without-message';
  /** Retell: the first list read and the first publish of an agent answer 409 (a lock timeout, not applied). */
  retellLock: 'never' | 'once';
  /** Retell: after publishing version N, nothing else happens, or a new draft N+1 appears (the legacy endpoint did). */
  retellAfterPublish: 'no-new-version' | 'new-draft';
  /** Retell: a list update-phone-number leaves out is kept (as the emulator reads the SDK), or cleared (undocumented). */
  retellOmittedList: 'kept' | 'cleared';
  /**
   * Retell: the tag `prod` (RETELL_TAG) is assigned to each agent's live published version, or to no version
   * (then a number on it "resolves to latest", retell-sdk InboundAgent).
   */
  retellTag: 'assigned' | 'unassigned';
  /** Langdock: an unknown agent answers 404 (inferred), or 400. */
  langdockUnknownAgent: 404 | 400;
  /** Langdock: the agent read carries `id` (its TypeScript shape), or not (its documented example). */
  langdockAgentId: 'present' | 'absent';
  /** ElevenLabs: what the agent read with `branch_id` alone answers for a pending draft: the draft, or the last commit. */
  elevenLabsDraftRead: 'pending-draft' | 'last-commit';
  /**
   * ElevenLabs: what `PATCH /v1/convai/agents/{id}?branch_id=` with only `version_description` does to the
   * branch's pending draft: commits it; makes a new version from the tip and leaves the draft pending; or nothing.
   */
  elevenLabsCommit: 'commits-draft' | 'empty-version' | 'ignored';
  /** ElevenLabs: the scale of a branch's `current_live_percentage`: fraction (0–1) or percent (0–100). */
  elevenLabsLivePercentage: 'fraction' | 'percent';
  /**
   * ElevenLabs: the scale `traffic_percentage` of a deployment takes: fractions that add up to 1 (the API
   * example), or percentages that add up to 100 (the guide), fractions then refused with a 422; the history
   * answers in the same scale.
   */
  elevenLabsTrafficScale: 'fraction' | 'percent';
  /** ElevenLabs: the agent read names `main_branch_id` (the SDK marks it optional), or leaves it out. */
  elevenLabsMainBranch: 'present' | 'absent';
  /** ElevenLabs: a deployment whose split leaves the main branch out is accepted, or refused with a 422. */
  elevenLabsSplitWithoutMain: 'accepted' | 'refused';
}

export const DEFAULT_READINGS: Readonly<Readings> = {
  digaOmittedPhone: 'keeps-binding',
  digaOtherNumbers: 'follow',
  digaVersionOrder: 'accepted',
  digaDefaultOrder: 'desc',
  digaPaging: 'has-more',
  digaBadKey: 401,
  talkoverReadyAfterUnpublish: 'stays',
  talkoverNotReadyShape: 'errors-list',
  retellLock: 'never',
  retellAfterPublish: 'no-new-version',
  retellOmittedList: 'kept',
  retellTag: 'assigned',
  langdockUnknownAgent: 404,
  langdockAgentId: 'present',
  elevenLabsDraftRead: 'pending-draft',
  elevenLabsCommit: 'commits-draft',
  elevenLabsLivePercentage: 'fraction',
  elevenLabsTrafficScale: 'fraction',
  elevenLabsMainBranch: 'present',
  elevenLabsSplitWithoutMain: 'accepted',
};

/** Every value each reading can take, defaults first: what a table-driven test iterates over. */
export const READING_VALUES: { readonly [K in keyof Readings]: readonly Readings[K][] } = {
  digaOmittedPhone: ['keeps-binding', 'unbinds'],
  digaOtherNumbers: ['follow', 'keep-version', 'refuse'],
  digaVersionOrder: ['accepted', 'rejected'],
  digaDefaultOrder: ['desc', 'asc'],
  digaPaging: ['has-more', 'total-pages-only', 'neither'],
  digaBadKey: [401, 403],
  talkoverReadyAfterUnpublish: ['stays', 'false-publish-works', 'false-publish-refused'],
  talkoverNotReadyShape: ['errors-list', 'message-only', 'error-details', 'errors-without-message'],
  retellLock: ['never', 'once'],
  retellAfterPublish: ['no-new-version', 'new-draft'],
  retellOmittedList: ['kept', 'cleared'],
  retellTag: ['assigned', 'unassigned'],
  langdockUnknownAgent: [404, 400],
  langdockAgentId: ['present', 'absent'],
  elevenLabsDraftRead: ['pending-draft', 'last-commit'],
  elevenLabsCommit: ['commits-draft', 'empty-version', 'ignored'],
  elevenLabsLivePercentage: ['fraction', 'percent'],
  elevenLabsTrafficScale: ['fraction', 'percent'],
  elevenLabsMainBranch: ['present', 'absent'],
  elevenLabsSplitWithoutMain: ['accepted', 'refused'],
};

/** The readings with `changes` applied; throws on an unknown reading or value (a typo must not pass silently). */
export function withReadings(base: Readonly<Readings>, changes: unknown): Readings {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes))
    throw new RangeError('readings must be an object');
  const next: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    const allowed = (READING_VALUES as Record<string, readonly unknown[] | undefined>)[name];
    if (allowed === undefined) throw new RangeError(`unknown reading ${name}`);
    if (!allowed.includes(value))
      throw new RangeError(
        `reading ${name} cannot be ${JSON.stringify(value)}: one of ${allowed.join(', ')}`,
      );
    next[name] = value;
  }
  return next as unknown as Readings;
}
