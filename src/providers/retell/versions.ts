// Retell agent versions, newest first, page by page (agent.listVersions with sort_order descending).
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { array, boolean, integer, object, optional, string, withDefault } from '../shared/decode.ts';
import { compact, decodeAnswer } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';

export interface RetellVersion {
  readonly version: number;
  readonly published: boolean;
  /** Its `assigned_tags`; undefined where the list leaves the field out (the SDK's list item does not name it). */
  readonly tags: readonly string[] | undefined;
}

const VERSIONS_PAGE = object({
  items: array(object({ version: integer, is_published: boolean, assigned_tags: optional(array(string)) })),
  has_more: withDefault(boolean, false),
  pagination_key: optional(string),
});

/** Versions newest first, page by page, so a caller can stop as soon as it has what it needs. */
export function versionsNewestFirst(http: HttpClient, agentId: string): AsyncGenerator<RetellVersion> {
  return paginate<RetellVersion, string>('Retell versions', async (paginationKey) => {
    const request = {
      method: 'GET',
      path: encodePath`/list-agent-versions/${agentId}`,
      // The default order is undocumented, so it is always given.
      query: compact({ sort_order: 'descending', pagination_key: paginationKey }),
      idempotent: true,
    } as const;
    const response = await http.request(request);
    const body = decodeAnswer(VERSIONS_PAGE, response.json, { provider: 'Retell', request });
    const items = body.items.map((item) => ({
      version: item.version,
      published: item.is_published,
      tags: item.assigned_tags,
    }));
    return {
      items: items.sort((a, b) => b.version - a.version),
      more: body.has_more,
      next: body.pagination_key,
    };
  });
}
