import { CommanderError } from 'commander';
import { exitCodeFor, formatError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { buildProgram, isCleanExit } from './program.js';

const debug = process.argv.includes('--debug');
try {
  await buildProgram().parseAsync(process.argv);
  process.exitCode = ExitCode.ok;
} catch (err) {
  if (isCleanExit(err)) process.exitCode = ExitCode.ok;
  else if (err instanceof CommanderError)
    process.exitCode = ExitCode.usage; // commander printed the message
  else {
    process.stderr.write(formatError(err, debug));
    process.exitCode = exitCodeFor(err);
  }
}
// Open sockets (an aborted stream, a keep-alive pool) must not keep a finished command alive.
setTimeout(() => process.exit(process.exitCode ?? 0), 50).unref();
