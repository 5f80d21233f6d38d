// The event-stream measurement over several rounds: medians per client, the worst round for lost events and
// memory, and the clients compared round by round.
import { describe, expect, it } from 'vitest';
import { type EventRun, summarise } from '../src/event-streams.mjs';

const run = (
  eventsPerSecond: number,
  cpuMicrosPerEvent: number,
  extra: Partial<EventRun> = {},
): EventRun => ({
  available: true,
  sent: 100,
  delivered: 100,
  lost: 0,
  gaps: 0,
  eventsPerSecond,
  cpuMicrosPerEvent,
  peakHeapMiB: 10,
  peakRssMiB: 60,
  ...extra,
});

describe('summarise (event streams)', () => {
  it('compares the clients round by round, so a busy round slows both sides of its own ratio', () => {
    // Round 1 is busy for both clients and round 2 for ours alone: per round 3x, 3x and 0.75x, median 3x; the
    // ratio of the two medians (150 / 100) would say 1.5x.
    const official = [run(100, 3), run(20, 9), run(200, 2)];
    const mine = [run(300, 1), run(60, 3), run(150, 2)];
    const row = summarise('@skyport/particle', mine, official);
    expect(row.eventsPerSecond).toBe(150);
    expect(row.pairedThroughputRatio).toBe(3);
    expect(row.pairedCpuRatio).toBeCloseTo(1 / 3);
    expect(row.rounds).toBe(3);
    expect(summarise('particle-api-js', official, official).pairedThroughputRatio).toBeUndefined();
  });

  it('reports the worst round for lost events, gaps and memory', () => {
    const official = [run(100, 3), run(100, 3)];
    const mine = [
      run(300, 1),
      run(250, 1, { delivered: 97, lost: 3, gaps: 2, peakHeapMiB: 14, peakRssMiB: 70 }),
    ];
    const row = summarise('@skyport/particle', mine, official);
    expect([row.delivered, row.lost, row.gaps, row.peakHeapMiB, row.peakRssMiB]).toEqual([97, 3, 2, 14, 70]);
  });

  it('pairs only the rounds both clients completed, and says why when none did', () => {
    const official = [run(100, 3), { available: false, reason: 'boom' }, run(100, 3)];
    const mine = [run(200, 1.5), run(900, 0.1), run(400, 1)];
    expect(summarise('@skyport/particle', mine, official).pairedThroughputRatio).toBe(4);
    const none = summarise('@skyport/particle', [{ available: false, reason: 'not built' }], official);
    expect(none).toEqual({ client: '@skyport/particle', available: false, reason: 'not built' });
  });
});
