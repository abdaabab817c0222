// ALP's (e, f) search: which pairs are tried on the column's sample, in which order and under which
// cost limits, and the ranked candidate list the encoder takes its pair from (`candidateE`,
// `candidateF`). The estimates it ranks by are in ./alp-estimate.ts.

import { countHopeless, detailedCost, extremesFirst, gatherSample, hopeless, sample, sampleCost } from './alp-estimate';
import { MAX_EXPONENT, pow10 } from './alp-format';

/**
 * Least exponent of the pairs with f >= 1 tried outside the best digit count (every e is tried at
 * that count, and f = 0 at every count), for values small enough that v * 10^e stays well inside
 * the code range there (larger values start lower, see `leastWideExponent`). Over the benchmark's 43
 * real series no such pair below it won (payloads identical), and skipping them saves about two
 * thirds of the pair search on a 1,024-value column.
 */
const LEAST_WIDE_E: i32 = 14;
/**
 * Largest exponent of the pairs with f >= 1 (f = 0 is tried at every e up to 18). The f >= 1 pairs
 * serve float-noise columns, whose winners sit at e = 10..15 (e = 14 most of all, as in the ALP
 * paper); e = 16..18 took about a fifth of the pair search on 1,024-value columns. Leaving them out
 * changed 6 of the golden test's 888 columns (-0.07% bytes over all of them; ambient_temperature
 * 34.80 -> 34.09 bits per value, as its finalists changed) and no other series of the benchmark.
 */
const LARGEST_FACTOR_E: i32 = 15;

/** 2^53: past it v * 10^e is no longer an integer-exact double, and the pair's codes go inexact. */
const EXACT_SCALED: f64 = 9007199254740992.0;
/** Decades below that largest e still tried: a pair's best e is often a few below it. */
const WIDE_SLACK: i32 = 3;

/**
 * The least exponent `chooseCandidates` tries for pairs with f >= 1 outside the best digit count:
 * LEAST_WIDE_E, or for large values the largest e whose v * 10^e keeps the largest sampled
 * magnitude `largest` below 2^53.
 */
function leastWideExponent(largest: f64): i32 {
  if (!(largest > 0 && largest < Infinity)) return 1;
  let e = MAX_EXPONENT;
  while (e > 1 && largest * pow10(e) >= EXACT_SCALED) e--;
  return max(1, min(LEAST_WIDE_E, e - WIDE_SLACK));
}

/** Candidate (e, f) pairs kept from the column-level sample, best first. */
const MAX_CANDIDATES = 5;
export const candidateE = memory.data(MAX_CANDIDATES * 4);
export const candidateF = memory.data(MAX_CANDIDATES * 4);
const candidateCost = memory.data(MAX_CANDIDATES * 8);
const candidateOrder = memory.data(MAX_CANDIDATES * 4);
/** The finalists while they are re-ranked into the candidate list. */
const finalistE = memory.data(MAX_CANDIDATES * 4);
const finalistF = memory.data(MAX_CANDIDATES * 4);
let candidateCount = 0;

/**
 * The cost a pair at place `order` in the tie order must stay at or below to enter the candidate
 * list: the fifth best, or one less when the pair comes after the fifth in the order (a tie would
 * not enter). `sampleCost` may stop a pair as soon as it is known to cost more.
 */
function pairLimit(order: i32): i64 {
  const limit = candidateLimit();
  if (candidateCount == MAX_CANDIDATES && order > load<i32>(candidateOrder + ((<usize>(MAX_CANDIDATES - 1)) << 2))) return limit - 1;
  return limit;
}

/** Whether every pair with e - f = `digits` is known to cost more than `limit` on the quick sample. */
function hopelessDigits(digits: i32, limit: i64): bool {
  return load<i64>(hopeless + ((<usize>digits) << 3)) > limit;
}

/** Samples the whole column once and keeps the best few (e, f) pairs for the vectors to choose from. */
export function chooseCandidates(src: usize, n: i32): void {
  // Every pair on a small sample, then the finalists on a larger one.
  const quick = min(n, 16);
  gatherSample(src, quick, n / quick);
  extremesFirst(quick);
  countHopeless(quick);
  candidateCount = 0;
  // Small columns (a few dozen rows) search only f = 0 and the f that keeps e - f at the best
  // digit count, so sealing a tiny chunk stays cheap; larger ones try every pair.
  const small = n < 128;
  let digits = 0;
  let digitsCost = i64.MAX_VALUE;
  let order = 0;
  // The f = 0 pairs first: they usually include a good pair, whose cost then lets the other pairs
  // stop after a sample or two. The kept pairs are the best by (cost, place in the order e = 0..18,
  // f = 0..e), whatever order they are tried in: a pair stops early only once its cost exceeds the
  // current fifth best, which never rises.
  // They are tried from the fewest digits that fit every sampled value up, then the fewer ones:
  // the first five (tried without a limit) are then usually the best five, and the rest stop early.
  // A pair's place in the tie order does not depend on when it is tried (e for small columns), and
  // the least f = 0 cost is exact whatever the order (it never exceeds the fifth best), with ties
  // going to the smaller e as in the e = 0..18 order.
  let fits = 0;
  while (fits < MAX_EXPONENT && load<i64>(hopeless + ((<usize>fits) << 3)) != 0) fits++;
  for (let k = 0; k <= MAX_EXPONENT; k++) {
    const e = k <= MAX_EXPONENT - fits ? fits + k : k - (MAX_EXPONENT + 1 - fits);
    const place = small ? e : pairOrder(e, 0);
    const limit = pairLimit(place);
    // A skipped pair costs more than the fifth best (or ties it later in the order), so neither the
    // list nor the least f = 0 cost (in the list already) would change.
    if (hopelessDigits(e, limit)) continue;
    const cost = sampleCost(quick, e, 0, limit);
    insertCandidate(e, 0, cost, place);
    if (cost < digitsCost || (cost == digitsCost && e < digits)) {
      digitsCost = cost;
      digits = e;
    }
  }
  order = MAX_EXPONENT + 1;
  // Then the pairs with the best f = 0 pair's digit count (e - f = digits): the usual winners.
  for (let e = digits + 1; e <= LARGEST_FACTOR_E; e++) {
    const f = e - digits;
    // Skipped as sampleCost would have stopped it (the order number keeps counting as before).
    const place = small ? order++ : pairOrder(e, f);
    const limit = pairLimit(place);
    if (hopelessDigits(digits, limit)) continue;
    insertCandidate(e, f, sampleCost(quick, e, f, limit), place);
  }
  if (!small) {
    // Digit counts well past the fewest that fit every sampled value only widen the codes.
    const widest = max(digits, fits + 3);
    const least = leastWideExponent(max(abs(load<f64>(sample)), abs(load<f64>(sample, 8))));
    for (let e = least; e <= LARGEST_FACTOR_E; e++) {
      for (let f = 1; f <= e; f++) {
        if (e - f == digits || e - f > widest) continue;
        const limit = pairLimit(pairOrder(e, f));
        if (hopelessDigits(e - f, limit)) continue;
        insertCandidate(e, f, sampleCost(quick, e, f, limit), pairOrder(e, f));
      }
    }
  }
  const count = min(n, 64);
  const stride = n / count;
  // Plain integers are always a finalist (the quick estimate undervalues sparse large integers).
  let hasIntegers = false;
  for (let k = 0; k < candidateCount; k++) {
    if (load<i32>(candidateE + ((<usize>k) << 2)) == 0) hasIntegers = true;
  }
  if (!hasIntegers) {
    candidateCount = min(candidateCount, MAX_CANDIDATES - 1);
    insertCandidate(0, 0, i64.MAX_VALUE - 1, i32.MAX_VALUE);
  }
  // Re-rank the finalists with the finer estimate.
  gatherSample(src, count, stride);
  const finalists = candidateCount;
  const es = finalistE;
  const fs = finalistF;
  memory.copy(es, candidateE, MAX_CANDIDATES * 4);
  memory.copy(fs, candidateF, MAX_CANDIDATES * 4);
  candidateCount = 0;
  for (let k = 0; k < finalists; k++) {
    const e = load<i32>(es + ((<usize>k) << 2));
    const f = load<i32>(fs + ((<usize>k) << 2));
    // Vectors take the best finalist only: one that costs more than the best so far may stop as
    // soon as its exceptions show it (it still sorts after the best, whatever cost it reports).
    const limit = candidateCount == 0 ? i64.MAX_VALUE : load<i64>(candidateCost);
    insertCandidate(e, f, detailedCost(count, e, f, limit), k);
  }
}

/** Place of (e, f) in the exhaustive order e = 0..18, f = 0..e (ties between equal costs go to the earlier). */
function pairOrder(e: i32, f: i32): i32 {
  return ((e * (e + 1)) >> 1) + f;
}

/** The cost a new pair must not exceed to enter a full candidate list. */
function candidateLimit(): i64 {
  return candidateCount < MAX_CANDIDATES ? i64.MAX_VALUE : load<i64>(candidateCost + ((<usize>(MAX_CANDIDATES - 1)) << 3));
}

/** Inserts (e, f) into the candidate list sorted by (cost, order). */
function insertCandidate(e: i32, f: i32, cost: i64, order: i32): void {
  let slot = candidateCount;
  while (slot > 0) {
    const before = load<i64>(candidateCost + ((<usize>(slot - 1)) << 3));
    if (before < cost || (before == cost && load<i32>(candidateOrder + ((<usize>(slot - 1)) << 2)) < order)) break;
    slot--;
  }
  if (slot >= MAX_CANDIDATES) return;
  const last = min(candidateCount, MAX_CANDIDATES - 1);
  for (let k = last; k > slot; k--) {
    store<i64>(candidateCost + ((<usize>k) << 3), load<i64>(candidateCost + ((<usize>(k - 1)) << 3)));
    store<i32>(candidateE + ((<usize>k) << 2), load<i32>(candidateE + ((<usize>(k - 1)) << 2)));
    store<i32>(candidateF + ((<usize>k) << 2), load<i32>(candidateF + ((<usize>(k - 1)) << 2)));
    store<i32>(candidateOrder + ((<usize>k) << 2), load<i32>(candidateOrder + ((<usize>(k - 1)) << 2)));
  }
  store<i64>(candidateCost + ((<usize>slot) << 3), cost);
  store<i32>(candidateE + ((<usize>slot) << 2), e);
  store<i32>(candidateF + ((<usize>slot) << 2), f);
  store<i32>(candidateOrder + ((<usize>slot) << 2), order);
  if (candidateCount < MAX_CANDIDATES) candidateCount++;
}
