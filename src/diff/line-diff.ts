// A line diff of two texts (prompts), as unified-diff lines: ' ' same, '-' removed, '+' added; long runs
// of unchanged lines are folded to a few lines of context.

/** Above this many line pairs the texts are shown as replaced whole: the table would not fit in memory. */
const MAX_CELLS = 4_000_000;
const CONTEXT = 2;

function commonLines(a: readonly string[], b: readonly string[]): string[] {
  // Longest common subsequence, from the end, so the walk below reads forwards.
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(` ${a[i] ?? ''}`);
      i++;
      j++;
    } else if (
      i < a.length &&
      (j === b.length || (table[(i + 1) * width + j] ?? 0) >= (table[i * width + j + 1] ?? 0))
    ) {
      lines.push(`-${a[i] ?? ''}`);
      i++;
    } else {
      lines.push(`+${b[j] ?? ''}`);
      j++;
    }
  }
  return lines;
}

/** Unchanged runs longer than the context on both sides become one `…` line. */
function folded(lines: readonly string[]): string[] {
  const near = lines.map((_, index) =>
    lines.slice(Math.max(0, index - CONTEXT), index + CONTEXT + 1).some((line) => !line.startsWith(' ')),
  );
  const out: string[] = [];
  lines.forEach((line, index) => {
    if (near[index]) out.push(line);
    else if (out.at(-1) !== ' …') out.push(' …');
  });
  return out;
}

export function lineDiff(before: string, after: string): string[] {
  const a = before.split(/\r?\n/u);
  const b = after.split(/\r?\n/u);
  const lines =
    a.length * b.length > MAX_CELLS
      ? [...a.map((line) => `-${line}`), ...b.map((line) => `+${line}`)]
      : commonLines(a, b);
  return folded(lines);
}
