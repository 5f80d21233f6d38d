export interface EventRun {
  available: boolean;
  reason?: string;
  sent?: number;
  delivered?: number;
  lost?: number;
  gaps?: number;
  eventsPerSecond?: number | null;
  cpuMicrosPerEvent?: number | null;
  peakHeapMiB?: number;
  peakRssMiB?: number;
}
export function summarise(
  client: string,
  runs: EventRun[],
  officialRuns: EventRun[],
): Record<string, unknown>;
export function eventStreams(options: { quick: boolean }): Promise<{
  count: number;
  rounds: number;
  results: Record<string, unknown>[];
}>;
