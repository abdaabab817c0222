export { checkPixels, GAP_FACTOR, gapTimes, gridFor, MAX_PIXELS, pixelOf, pixelStart } from './pixel-grid.ts';
export { matchRawSeriesQuery, pixelPoints, type RawSeriesQuery, runRawSeriesM4 } from './raw-series-query.ts';
export { reduceResultToPixels, type TimeShape, timeShape } from './reduce-result.ts';
