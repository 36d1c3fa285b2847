import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../test/helpers/garbage.ts';
import { timeoutSignal } from './timeout-signal.ts';

describe('timeoutSignal', () => {
  it('aborts with a TimeoutError, as AbortSignal.timeout does', async () => {
    const signal = timeoutSignal(20);
    expect(signal.aborted).toBe(false);
    await delay(60);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('still aborts a combined signal after a garbage collection drops every other reference to it', async () => {
    const combined = AbortSignal.any([timeoutSignal(50), new AbortController().signal]);
    collectGarbage();
    await delay(0);
    collectGarbage();
    await delay(150);
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toMatchObject({ name: 'TimeoutError' });
  });
});
