import { describe, expect, it } from 'vitest';
import { freeSpot } from './placement';

const rect = (x: number, y: number, width = 100, height = 60) => ({ x, y, width, height });

describe('freeSpot', () => {
  it('keeps the wish when nothing is there', () => {
    expect(freeSpot(rect(10, 20), [rect(400, 400)])).toEqual({ x: 10, y: 20 });
  });

  it('moves off an obstacle to the nearest place that keeps the gap', () => {
    const obstacle = rect(0, 0, 200, 100);
    const at = freeSpot(rect(150, 10), [obstacle], { gap: 20, step: 10 });
    const r = { ...rect(150, 10), ...at };
    const apart = r.x >= 220 || r.x + r.width <= -20 || r.y >= 120 || r.y + r.height <= -20;
    expect(apart).toBe(true);
    // nearest: to the right (70 px) rather than below (110 px)
    expect(at).toEqual({ x: 220, y: 10 });
  });

  it('stays inside the given area when there is room, and never on a node there', () => {
    const area = rect(0, 0, 500, 300);
    const children = [rect(20, 80, 200, 100), rect(260, 80, 200, 100)];
    const at = freeSpot(rect(30, 90, 200, 100), children, { gap: 10, step: 10, within: area });
    const r = { ...rect(0, 0, 200, 100), ...at };
    expect(r.x >= 0 && r.y >= 0 && r.x + 200 <= 500 && r.y + 100 <= 300).toBe(true);
    for (const c of children) expect(r.x + r.width <= c.x || c.x + c.width <= r.x || r.y + r.height <= c.y || c.y + c.height <= r.y).toBe(true);
  });

  it('is deterministic', () => {
    const obstacles = [rect(0, 0), rect(120, 0), rect(0, 80)];
    expect(freeSpot(rect(50, 30), obstacles)).toEqual(freeSpot(rect(50, 30), obstacles));
  });
});
