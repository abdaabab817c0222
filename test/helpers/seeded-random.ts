/**
 * mulberry32: a small seeded generator of numbers in [0, 1), so a property test's failure names the seed
 * that reproduces it. The app's sample signals use the same generator.
 */
export { prng as random } from '../../src/engine/samples/signals.ts';
