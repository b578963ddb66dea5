/** The process logger: pino, structured, writing logfmt (default) or JSON lines to stderr. */
import { destination as pinoDestination, pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import { jsonLineToLogfmt } from './logfmt.js';

export type { Logger } from 'pino';
export type LogFormat = 'logfmt' | 'json';
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Creates the root logger; components take a child with `{ component }`. */
export function createLogger(level: LogLevel, format: LogFormat, out: DestinationStream = pinoDestination({ dest: 2, sync: true })): Logger {
  const destination: DestinationStream =
    format === 'json' ? out : { write: (line: string) => out.write(jsonLineToLogfmt(line)) };
  return pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that drops everything, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
