import { createInterface } from 'node:readline/promises';
import { UsageError } from './errors.js';

/** Asks a question on the terminal; without a terminal, tells the user which option to pass instead. */
export async function ask(question: string, alternative: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new UsageError(`${question.replace(/:\s*$/, '')} is needed: pass ${alternative}`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
