/** CPU time of a process from /proc (Linux), to compare servers by work per request on a busy machine. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString());

/** User plus system CPU seconds the process has used so far (all its threads). */
export function cpuSecondsOf(pid: number): number {
  // The command name in field 2 may contain spaces; the counters follow its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The process whose command line contains `fragment` (one argument), for children started by other helpers. */
export function pidWithArgument(fragment: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(fragment)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no process has the argument ${fragment}`);
}
