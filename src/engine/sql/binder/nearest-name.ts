/** Edit distance (insert, delete, substitute; case-insensitive), stopping early past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The candidate closest to what was written, for "did you mean" hints: within a third of the
 * name's length in edits (at least 1, at most 3), or null when nothing is that close.
 */
export function nearestName(written: string, candidates: Iterable<string>): string | null {
  const limit = Math.min(3, Math.max(1, Math.floor(written.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(written, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** " Did you mean "x"?" or "" — ready to append to a message. */
export function didYouMean(written: string, candidates: Iterable<string>): string {
  const suggestion = nearestName(written, candidates);
  return suggestion === null ? '' : ` Did you mean "${suggestion}"?`;
}
