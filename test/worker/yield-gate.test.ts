import { describe, expect, it } from 'vitest';
import { yieldGate } from '../../src/worker/yield-gate.ts';

describe('yieldGate', () => {
  it('yields once for all the callers waiting at once, and not again until the interval has passed', async () => {
    let clock = 0;
    let yields = 0;
    let release: (() => void) | null = null;
    const gate = yieldGate(
      20,
      () => {
        yields++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      () => clock,
    );
    // Within the interval of the gate's creation: no yield.
    await gate();
    expect(yields).toBe(0);

    clock = 25;
    let resumed = 0;
    const waiting = Array.from({ length: 150 }, () => gate().then(() => resumed++));
    expect(yields).toBe(1);
    await Promise.resolve();
    expect(resumed).toBe(0); // all wait for the one yield
    release!();
    await Promise.all(waiting);
    expect(resumed).toBe(150);
    expect(yields).toBe(1);

    clock = 40; // 15 ms after the yield ended
    await gate();
    expect(yields).toBe(1);
    clock = 46;
    const next = gate();
    expect(yields).toBe(2);
    release!();
    await next;
  });

  it('lets the next callers yield again after a failed yield', async () => {
    let clock = 100;
    let yields = 0;
    const gate = yieldGate(
      20,
      () => {
        yields++;
        return yields === 1 ? Promise.reject(new Error('no event loop')) : Promise.resolve();
      },
      () => clock,
    );
    clock = 130;
    await expect(gate()).rejects.toThrow('no event loop');
    clock = 160;
    await gate();
    expect(yields).toBe(2);
  });
});
