// The paired estimator of the cold start measurement: per round, the subject's time minus the baseline's in the same
// round, then the median of those differences.
import { describe, expect, it } from 'vitest';
import { pairedMedian } from '../src/cold-start.mjs';

const runs = (walls: number[], rounds = walls.map((_, i) => i)) =>
  walls.map((wallMs, i) => ({ wallMs, round: rounds[i] as number }));

describe('pairedMedian', () => {
  it('takes the median of per-round differences, so a slow round moves both sides', () => {
    // Round 2 is a busy spell: both processes took 100 ms longer. The difference stays 10.
    const bare = runs([100, 102, 200, 101, 99]);
    const subject = runs([110, 112, 210, 111, 109]);
    expect(pairedMedian(subject, bare)).toBe(10);
    // One outlier on one side only does not move it either.
    expect(pairedMedian(runs([110, 300, 210, 111, 109]), bare)).toBe(10);
  });

  it('pairs by round number, skipping rounds only one side ran in', () => {
    const bare = runs([100, 100, 100], [0, 1, 2]);
    const subject = runs([130, 105], [1, 3]);
    expect(pairedMedian(subject, bare)).toBe(30);
  });

  it('is undefined without a shared round', () => {
    expect(pairedMedian(runs([1], [5]), runs([1], [6]))).toBeUndefined();
  });
});
