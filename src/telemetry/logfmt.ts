/** Turns pino's JSON log lines into logfmt lines, the default log format of Prometheus. */

const NEEDS_QUOTES = /[\s"=\\]|^$/;

function formatValue(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v instanceof Object) s = JSON.stringify(v);
  else s = String(v);
  return NEEDS_QUOTES.test(s) ? JSON.stringify(s) : s;
}

// The keys Prometheus puts first on every line; the rest follow in the order pino wrote them.
const LEADING_KEYS = ['time', 'level', 'component', 'msg'];

/** Converts one JSON log record (a line from pino) to a logfmt line. */
export function jsonLineToLogfmt(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const parts: string[] = [];
  for (const key of LEADING_KEYS) {
    if (record[key] !== undefined) parts.push(`${key}=${formatValue(record[key])}`);
  }
  for (const [key, value] of Object.entries(record)) {
    if (LEADING_KEYS.includes(key) || value === undefined) continue;
    if (key === 'err' && value instanceof Object) {
      parts.push(`err=${formatValue((value as { message?: unknown }).message ?? value)}`);
      continue;
    }
    parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(' ') + '\n';
}
