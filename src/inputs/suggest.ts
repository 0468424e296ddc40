// "Did you mean …?": the allowed word a mistyped one most likely meant, by edit distance.

/** Insertions, deletions, substitutions and swaps of two neighbours needed to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row !== undefined) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * What a person may have meant by a value, lower case: the whole of it, and for a product's full name
 * ("Acme AI", "Foo Bar" for "foobar") its words joined and each word alone. Forms under 2 letters are left out.
 */
function typedForms(word: string): string[] {
  const typed = word.trim().toLowerCase();
  const words = typed.split(/[^\p{L}\p{N}]+/u).filter((part) => part !== '');
  const forms = words.length > 1 ? [typed, words.join(''), ...words] : [typed];
  return [...new Set(forms)].filter((form) => form.length >= 2);
}

/**
 * The candidate closest to `word` (case ignored), if it is close enough to be a typo: at most a
 * third of its letters wrong, or the word is a prefix of it ("unpub" for "unpublish").
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const forms = typedForms(word);
  if (forms.length === 0) return undefined;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    for (const typed of forms) {
      const distance = candidate.startsWith(typed) ? 0 : editDistance(typed, candidate);
      if (best === undefined || distance < best.distance) best = { candidate, distance };
    }
  }
  if (best === undefined || best.distance > Math.max(1, Math.floor(best.candidate.length / 3)))
    return undefined;
  return best.candidate;
}

/** `Did you mean "publish"? ` before the rest of a fix, or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const meant = closest(word, candidates);
  return meant === undefined ? '' : `Did you mean "${meant}"? `;
}
