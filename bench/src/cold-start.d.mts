// Types for the parts of cold-start.mjs the bench tests import.
export interface RoundSample {
  wallMs: number;
  round: number;
}
export function pairedMedian(subject: RoundSample[], baseline: RoundSample[]): number | undefined;
export function coldStart(options: { quick: boolean }): Promise<unknown>;
