import type { Command } from 'commander';
import { type GlobalOptions, openTarget, type Target } from './context.js';
import { parseOutputFormat, render } from './output.js';

/** The global options as every subcommand sees them. */
export function globals(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as { profile?: string; env?: string; output?: string; debug?: boolean };
  return {
    profile: o.profile,
    env: o.env,
    output: parseOutputFormat(o.output ?? 'table'),
    debug: Boolean(o.debug),
  };
}

/** Opens the target for the command, runs `fn`, and always closes an in-process sandbox. */
export async function withTarget<T>(
  cmd: Command,
  fn: (target: Target, opts: GlobalOptions) => Promise<T>,
): Promise<T> {
  const opts = globals(cmd);
  const target = await openTarget(opts);
  try {
    return await fn(target, opts);
  } finally {
    await target.close();
  }
}

export function print(data: unknown, opts: GlobalOptions): void {
  process.stdout.write(`${render(data, opts.output)}\n`);
}
