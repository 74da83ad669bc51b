import { describe, expect, it } from 'vitest';
import { StatsKeeper } from './stats.js';

const input = (received: number) => ({ edgeId: 'e1', subject: 'f8.bus.x', strategy: 'latest', received, delivered: received, dropped: 0, superseded: 0, queueDepth: 0 });

describe('StatsKeeper', () => {
  it('rates cover the time since the last snapshot, and a counter that went down (a re-created edge) never gives a negative rate', () => {
    let now = 0;
    const k = new StatsKeeper(() => now);
    now = 1000;
    expect(k.snapshot({ inputs: [input(20)], outputs: [] }).inputs[0]?.ratePerS).toBe(20);
    now = 2000;
    expect(k.snapshot({ inputs: [input(50)], outputs: [] }).inputs[0]?.ratePerS).toBe(30);
    now = 2500;
    // the edge was re-created: its counter restarted at 0 and is now 5
    expect(k.snapshot({ inputs: [input(5)], outputs: [] }).inputs[0]?.ratePerS).toBe(10);
  });
});
