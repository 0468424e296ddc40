// Diga agent versions: every one, page by page, sorted newest first here (the API's order is undocumented).
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import {
  array,
  boolean,
  integer,
  object,
  optional,
  refine,
  string,
  withDefault,
  type Decoded,
} from '../shared/decode.ts';
import { compact, decodeAnswer } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';
import type { VersionRef } from '../types.ts';

const PAGE_SIZE = 100;

export interface DigaVersion {
  readonly id: string;
  readonly number: number | undefined;
  readonly draft: boolean;
  readonly published: boolean;
}

/** One list item. Only agent_id and timestamps are required by the API, so a draft may lack the rest. */
const VERSION = refine(
  object({
    version_id: optional(string),
    version_number: optional(integer),
    is_draft: optional(boolean),
    is_published: withDefault(boolean, false),
  }),
  (record, fail): DigaVersion => {
    const draft = record.is_draft ?? record.version_number === undefined;
    if (!draft && record.version_id === undefined)
      fail('version_id', 'a string (the version is not a draft)', undefined);
    return {
      id: (record.version_id ?? '').toLowerCase(),
      number: record.version_number,
      draft,
      published: record.is_published,
    };
  },
);

const VERSIONS_PAGE = object({
  data: array(VERSION),
  has_more: optional(boolean),
  total_pages: optional(integer),
});

/**
 * Every version, page by page. The order values are undocumented, so none is asked for and the
 * caller sorts. The envelope may carry `has_more`, `total_pages` or both: either one saying more
 * follow is believed, an empty page ends the list, and a full page with neither is not taken as the end.
 */
function allVersions(http: HttpClient, agentId: string): AsyncGenerator<DigaVersion> {
  return paginate<DigaVersion, number>('Diga versions', async (page = 1) => {
    const request = {
      method: 'GET',
      path: encodePath`/v1/agent/${agentId}/version`,
      query: { limit: PAGE_SIZE, page },
      idempotent: true,
    } as const;
    const response = await http.request(request);
    const body = decodeAnswer(VERSIONS_PAGE, response.json, { provider: 'Diga', request });
    const items = body.data;
    return { items, more: items.length > 0 && moreFollow(body, page, items.length), next: page + 1 };
  });
}

function moreFollow(
  {
    has_more: hasMore,
    total_pages: totalPages,
  }: Pick<Decoded<typeof VERSIONS_PAGE>, 'has_more' | 'total_pages'>,
  page: number,
  count: number,
): boolean {
  if (hasMore === true || (totalPages !== undefined && page < totalPages)) return true;
  if (hasMore === undefined && totalPages === undefined && count >= PAGE_SIZE) {
    throw new StateError(
      'Diga answered a full page of versions without saying whether more follow (no has_more, no total_pages).',
      'Set version to the version UUID to publish, then re-run; if it persists, please open an issue.',
    );
  }
  return false;
}

export async function readVersions(http: HttpClient, agentId: string): Promise<DigaVersion[]> {
  const versions: DigaVersion[] = [];
  for await (const version of allVersions(http, agentId)) versions.push(version);
  // "Newest" must not depend on an order the API does not document.
  return versions.sort((a, b) => (b.number ?? -1) - (a.number ?? -1));
}

export function ref(version: DigaVersion): VersionRef {
  return compact({
    number: version.number === undefined ? undefined : String(version.number),
    id: version.id,
  });
}

export function label(version: DigaVersion): string {
  return version.number === undefined ? version.id : `v${version.number}`;
}
