// Walks a paginated list page by page. A list that never ends, or says it has more without saying
// where, is an error: a truncated version list would make "newest" or "not found" silently wrong.
import { StateError } from '../../errors.ts';

export interface Page<T, Cursor> {
  readonly items: readonly T[];
  /** Whether the provider says more pages follow. */
  readonly more: boolean;
  /** Where the next page starts; undefined while `more` is true is a provider error. */
  readonly next: Cursor | undefined;
}

const MAX_PAGES = 100;

/** `fetchPage` gets undefined for the first page, then each page's `next`. */
export async function* paginate<T, Cursor>(
  what: string,
  fetchPage: (cursor: Cursor | undefined) => Promise<Page<T, Cursor>>,
): AsyncGenerator<T> {
  let cursor: Cursor | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { items, more, next } = await fetchPage(cursor);
    yield* items;
    if (!more) return;
    if (next === undefined) {
      throw new StateError(
        `The provider said more ${what} follow but gave no cursor for the next page.`,
        'Re-run the job; if it persists, the provider changed its API: please open an issue.',
      );
    }
    cursor = next;
  }
  throw new StateError(
    `The list of ${what} is longer than ${MAX_PAGES} pages; it was not read to the end.`,
    'Set version explicitly, or remove old versions at the provider; then re-run.',
  );
}
