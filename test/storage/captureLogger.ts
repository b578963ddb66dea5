/** A pino logger whose lines tests can inspect. */
import { pino, type Logger } from 'pino';

export interface CapturedLogger {
  readonly logger: Logger;
  /** Parsed JSON lines logged so far. */
  readonly lines: Array<Record<string, unknown>>;
  /** The lines with a given message. */
  withMsg(msg: string): Array<Record<string, unknown>>;
}

/** Creates a logger at debug level that keeps every line in memory. */
export function captureLogger(): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug', base: undefined, messageKey: 'msg' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines, withMsg: (msg) => lines.filter((l) => l.msg === msg) };
}
