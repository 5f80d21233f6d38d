import { Command, CommanderError, Option } from 'commander';
import { loginCommand } from './commands/login.js';
import { particleCommand } from './commands/particle.js';
import { sandboxCommand } from './commands/sandbox.js';
import { OUTPUT_FORMATS } from './output.js';

export function buildProgram(): Command {
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
  for (const cmd of [sandboxCommand(), loginCommand(), particleCommand()]) program.addCommand(cmd);
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
