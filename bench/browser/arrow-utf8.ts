import { makeData, makeVector, Utf8 } from 'apache-arrow';

/** A Utf8 vector built directly (Arrow's builders compile code with Function, which the page's CSP forbids). */
export function utf8Vector(values: readonly string[]) {
  const encoder = new TextEncoder();
  const bytes = values.map((v) => encoder.encode(v));
  const offsets = new Int32Array(values.length + 1);
  for (const [i, b] of bytes.entries()) offsets[i + 1] = (offsets[i] as number) + b.length;
  const data = new Uint8Array(offsets[values.length] as number);
  for (const [i, b] of bytes.entries()) data.set(b, offsets[i] as number);
  return makeVector(makeData({ type: new Utf8(), length: values.length, valueOffsets: offsets, data }));
}
