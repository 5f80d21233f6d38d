// Node logger: adds the file sink (append, synchronous so lines are never lost on exit).
import { ConfigError } from '../errors/index.js';
import { nodeFs } from '../platform/builtins.js';
import { consoleSink, type LogSink, SinkLogger } from './logger.js';
import type { LoggerOptions } from './types.js';

export function createLogger(o: LoggerOptions = {}): SinkLogger {
  const sinks: LogSink[] = [];
  if (o.fn) {
    const fn = o.fn;
    sinks.push((line) => fn(line));
  }
  if (o.filePath) {
    const path = o.filePath;
    const { appendFileSync } = nodeFs();
    try {
      appendFileSync(path, '');
    } catch (cause) {
      throw new ConfigError(`cannot open log file ${path}`, { cause, file: path });
    }
    sinks.push((line) => appendFileSync(path, `${line}\n`));
  }
  if (o.toConsole ?? (!o.fn && !o.filePath)) sinks.push(consoleSink);
  return new SinkLogger(o, sinks);
}
