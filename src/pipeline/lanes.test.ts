import { describe, expect, it } from 'vitest';
import { mapInLanes, renderLanes, renderThreads } from './lanes.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('work in lanes', () => {
  it('answers in item order with at most `limit` items running', async () => {
    let running = 0;
    let most = 0;
    const results = await mapInLanes([5, 1, 4, 2, 3], 2, async (item) => {
      running++;
      most = Math.max(most, running);
      for (let i = 0; i < item; i++) await tick();
      running--;
      return item * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('starts nothing after a failure, lets the running items end, then throws the first failure', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const told: unknown[] = [];
    const run = mapInLanes(
      [0, 1, 2, 3],
      2,
      async (item) => {
        started.push(item);
        if (item === 0) throw new Error('first');
        await tick();
        await tick();
        ended.push(item);
        return item;
      },
      (error) => told.push(error),
    );
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
    expect(ended).toEqual([1]);
    expect(told).toHaveLength(1);
  });
});

describe('render lanes and their threads', () => {
  it('renders one short per job slot, at most four at once', () => {
    expect([1, 2, 3, 8].map(renderLanes)).toEqual([1, 2, 3, 4]);
  });

  it("gives each lane's decoder and filters its share of the cores, at least one thread", () => {
    expect(renderThreads(2, 2)).toBe(1);
    expect(renderThreads(1, 2)).toBe(2);
    expect(renderThreads(8, 16)).toBe(4);
    expect(renderThreads(4, 2)).toBe(1);
    expect(renderThreads(3, 8)).toBe(2);
  });
});
