import { Command, CommanderError, Option } from 'commander';
import { gcCommand } from './commands/gc.js';
import { loginCommand } from './commands/login.js';
import { particleCommand } from './commands/particle.js';
import { sandboxCommand } from './commands/sandbox.js';
import { OUTPUT_FORMATS } from './output.js';

/** Global options that take a value (so the word after them is not the command). */
const VALUE_OPTIONS = new Set(['--profile', '--env', '--output']);

/** The subcommand word of a command line (`process.argv`), skipping global options before it. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i] as string;
    if (VALUE_OPTIONS.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

export function buildProgram(argv: readonly string[] = process.argv): Command {
  const program = new Command('skyport')
    .description(
      'Genesys Cloud and Particle from the command line (a sandbox is used when no profile exists)',
    )
    .version('0.1.0')
    .option('--profile <name>', 'profile from ~/.skyport/config (default: "default", else the sandbox)')
    .option('--env <env>', '"sandbox" or a Genesys Cloud environment host such as mypurecloud.com')
    .addOption(new Option('--output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--debug', 'print stack traces')
    .showHelpAfterError()
    .exitOverride();
  // `skyport gc <op> --output x` must reach the operation when it has an `output` parameter: for gc, global options
  // are read before the subcommand by commander and after it by gc itself.
  if (commandWord(argv) === 'gc') program.enablePositionalOptions();
  for (const cmd of [sandboxCommand(), loginCommand(), gcCommand(), particleCommand()])
    program.addCommand(cmd);
  // Subcommands inherit the override so their usage errors surface as CommanderErrors too.
  const override = (c: Command) => {
    c.exitOverride();
    c.showHelpAfterError();
    for (const sub of c.commands) override(sub);
  };
  for (const c of program.commands) override(c);
  return program;
}

/** Help and --version end with a CommanderError whose exit code is 0. */
export function isCleanExit(err: unknown): boolean {
  return err instanceof CommanderError && err.exitCode === 0;
}
