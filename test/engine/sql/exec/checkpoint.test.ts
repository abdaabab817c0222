import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeCheckpoint } from '../../../../src/engine/sql/exec/checkpoint.ts';

// A running query's checkpoint yields to the event loop (so a cancel message can arrive) through a macrotask
// that waits for no timer: setTimeout(0) waited a millisecond or more per yield.

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('makeCheckpoint', () => {
  it('yields to the event loop once enough time has passed, without waiting for a timer', async () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const checkpoint = makeCheckpoint(new AbortController().signal);
    // Timers faked (never fire unless advanced): a yield that waited for one would never resolve.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate'] });
    let macrotaskRan = false;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      macrotaskRan = true;
      channel.port1.close();
    };
    channel.port2.postMessage(null);
    // Too soon: no yield, so the message queued before has not been received.
    await checkpoint();
    expect(macrotaskRan).toBe(false);
    now += 50;
    await checkpoint();
    expect(macrotaskRan).toBe(true);
  });

  it('throws once the signal fired, before and after a yield', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const controller = new AbortController();
    const checkpoint = makeCheckpoint(controller.signal);
    now += 50;
    const pending = checkpoint();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(checkpoint()).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
