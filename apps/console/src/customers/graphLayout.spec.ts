import { describe, expect, it } from '@jest/globals';
import { GRAPH_WIDTH, layoutGraph, spread, type GraphLayout, type Point } from './graphLayout';

const identities = (count: number, channels = 1) =>
  Array.from({ length: count }, (_, index) => ({ id: `i${index}`, channelId: `c${index % channels}` }));
const profiles = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `p${index}` }));
const points = (layout: GraphLayout): Point[] => [
  layout.center,
  ...layout.channels.values(),
  ...layout.identities.values(),
  ...layout.profiles.values(),
];
const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

describe('spread', () => {
  it.each([
    [1, [0, 180], [90]],
    [2, [0, 180], [45, 135]],
    [3, [-60, 60], [-40, 0, 40]],
  ])('%i angle(s) across %j sit at %j degrees', (count, arc, degrees) => {
    const angles = spread(count, arc as [number, number]).map((angle) => Math.round((angle * 180) / Math.PI));
    expect(angles).toEqual(degrees);
  });
});

describe('layoutGraph', () => {
  it.each([
    ['one identity, nothing merged', 1, 1, 0],
    ['three identities on two channels, one merged profile', 3, 2, 1],
    ['a busy customer: 12 identities on 5 channels, 8 profiles', 12, 5, 8],
    ['20 identities on 3 channels, 20 profiles', 20, 3, 20],
  ])('%s: every node inside the picture and no two closer than a label row', (_, count, channels, merged) => {
    const layout = layoutGraph({ identities: identities(count, channels), profiles: profiles(merged) });
    const all = points(layout);

    expect(layout.identities.size).toBe(count);
    expect(layout.channels.size).toBe(Math.min(count, channels));
    expect(layout.profiles.size).toBe(merged);
    for (const point of all) {
      expect(point.x).toBeGreaterThanOrEqual(210);
      expect(point.x).toBeLessThanOrEqual(GRAPH_WIDTH - 210);
      expect(point.y).toBeGreaterThanOrEqual(20);
      expect(point.y).toBeLessThanOrEqual(layout.height - 20);
    }
    for (const [index, a] of all.entries()) {
      for (const b of all.slice(index + 1)) expect(distance(a, b)).toBeGreaterThanOrEqual(28);
    }
    // A channel's circle and the label under it.
    const channelPoints = [layout.center, ...layout.channels.values()];
    for (const [index, a] of channelPoints.entries()) {
      for (const b of channelPoints.slice(index + 1)) expect(distance(a, b)).toBeGreaterThanOrEqual(48);
    }
  });

  it('puts identities left of the customer and profiles right of it', () => {
    const layout = layoutGraph({ identities: identities(4, 2), profiles: profiles(3) });

    for (const point of layout.identities.values()) expect(point.x).toBeLessThan(layout.center.x);
    for (const point of layout.channels.values()) expect(point.x).toBeLessThan(layout.center.x);
    for (const point of layout.profiles.values()) expect(point.x).toBeGreaterThan(layout.center.x);
  });

  it('grows taller with more nodes instead of crowding them', () => {
    const few = layoutGraph({ identities: identities(2), profiles: profiles(1) });
    const many = layoutGraph({ identities: identities(20), profiles: profiles(2) });

    expect(many.height).toBeGreaterThan(few.height);
  });
});
