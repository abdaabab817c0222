/**
 * Where in the editor to mark an engine error: the 1-based line and column of its position as
 * a document offset, through the end of the word there (at least one character, inside the text).
 */
export function errorRange(text: string, position: { line?: number; column?: number } | undefined): { from: number; to: number } | null {
  if (!position || position.line === undefined) return null;
  const lines = text.split('\n');
  const lineIndex = Math.min(Math.max(1, position.line), lines.length) - 1;
  let offset = 0;
  for (let i = 0; i < lineIndex; i++) offset += lines[i]!.length + 1;
  const line = lines[lineIndex]!;
  const column = Math.min(Math.max(1, position.column ?? 1), line.length + 1);
  let from = offset + column - 1;
  const rest = line.slice(column - 1);
  const word = /^(?:"(?:[^"]|"")*"?|'(?:[^']|'')*'?|[\w$:.]+)/.exec(rest);
  let to = from + Math.max(1, word ? word[0].length : 1);
  if (to > text.length) to = text.length;
  if (from >= to) from = Math.max(0, to - 1);
  return { from, to };
}
