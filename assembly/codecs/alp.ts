// Decimal-aware doubles (the ALP idea): an exponent e and a factor f, chosen on samples of the
// column and stored in each vector of 1,024 values (the format allows a pair per vector), such that
// round(v * 10^e / 10^f) decodes back to exactly v; such integers are bit-packed (as a
// frame of reference or as zigzagged deltas, whichever is narrower, which suits slowly moving
// series) and every value that does not survive the round trip is an exception, stored as the
// difference of its bit pattern from its integer's decoding (a few bits for float-noise tails).
// Exactness holds by construction: the encoder checks each value with the decoder's own arithmetic.
//
// Vector layout: u8 e | u8 f | u8 mode (0 FOR, 1 delta) | varint exception count
//   | patched-FOR block of the integer codes | u16 positions | per exception a varint: the zigzagged
//   difference between its bit pattern and the decoding of its code.
//
// This file is the codec's public face; the parts live beside it by purpose: alp-format.ts (layout
// constants and the shared arithmetic), alp-estimate.ts and alp-search.ts (the (e, f) search),
// alp-encode-codes.ts and alp-encode.ts (the encoder), alp-decode-narrow.ts, alp-decode-for.ts,
// alp-decode-delta.ts and alp-decode.ts (the decoder).

export { alpDecode, decodeVector, skipVector } from './alp-decode';
export { alpBound, alpEncode } from './alp-encode';
