// Codec ids as they appear in the first byte of every column payload and in the chunk header.
// Values are part of the stored format: never renumber, only add.

export const CODEC_RAW: u8 = 0;
/** i64: first value, then patched-FOR blocks of the wrapping deltas. */
export const CODEC_DELTA_PFOR: u8 = 1;
/** i64: first value and first delta, then patched-FOR blocks of the zigzagged delta-of-deltas. */
export const CODEC_DOD_PFOR: u8 = 2;
/** i64: patched-FOR blocks of the values (sign bit flipped so signed order is unsigned order). */
export const CODEC_FOR_PFOR: u8 = 3;
/** i64: first value, then patched-FOR blocks of the zigzagged deltas. */
export const CODEC_DELTA_ZIGZAG_PFOR: u8 = 4;
/** f64: one value repeated. */
export const CODEC_CONSTANT: u8 = 5;
/** f64: ALP-style decimal vectors with exceptions. */
export const CODEC_ALP: u8 = 6;
/** f64: Gorilla XOR bit stream. */
export const CODEC_GORILLA: u8 = 7;
/** f64: run-length (run values, patched-FOR run lengths). */
export const CODEC_RLE: u8 = 9;
/** f64: dictionary of distinct bit patterns, patched-FOR ids. */
export const CODEC_DICT: u8 = 10;
