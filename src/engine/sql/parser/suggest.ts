/** Keywords a misspelling is compared with when a statement goes wrong after a word. */
const CLAUSE_KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'JOIN',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'BETWEEN',
  'LIKE',
];

/** The statement keywords, for a misspelled first word. */
export const STATEMENT_KEYWORDS = ['SELECT', 'WITH', 'VALUES', 'SHOW', 'DESCRIBE', 'EXPLAIN', 'DELETE'];

/**
 * Edit distance counting an insertion, deletion, substitution or swap of neighbours as one edit
 * (so FORM is one edit from FROM), giving up (returning `limit + 1`) once it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * The keyword `word` is most likely a misspelling of (`WHER` → WHERE, `FORM` → FROM), or undefined
 * when none is close. Short words must be closer, or every alias would look like a typo.
 */
export function misspelledKeyword(word: string, keywords: readonly string[] = CLAUSE_KEYWORDS): string | undefined {
  const upper = word.toUpperCase();
  if (upper.length < 3 || keywords.includes(upper)) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const keyword of keywords) {
    const limit = keyword.length >= 5 ? 2 : 1;
    const distance = editDistance(upper, keyword, limit);
    if (distance <= limit && distance < bestDistance) {
      best = keyword;
      bestDistance = distance;
    }
  }
  return best;
}
