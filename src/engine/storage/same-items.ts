/**
 * Whether two lists hold the same items (by identity) in the same order: the same list, or both null, do. Kept
 * state (a plan, a batch, a measured chunk) is known again by the lists it was made for.
 */
export function sameItems<T>(a: readonly T[] | null, b: readonly T[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
