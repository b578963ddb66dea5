/** Helpers for discovery tests on real I/O: captured logs and the latest merged groups. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Observable, Subscription } from 'rxjs';
import type { TargetGroup } from '../../../src/model/targetGroup.js';
import { mergeProviderGroups } from '../../../src/sources/discovery/mergeProviderGroups.js';
import type { Logger } from '../../../src/telemetry/logger.js';

/** A logger whose lines are kept as parsed JSON objects. */
export function captureLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug', base: undefined, messageKey: 'msg' }, sink), lines };
}

/** Follows one provider the way the manager merges it (by source) and remembers the latest full list. */
export function follow(provider: Observable<readonly TargetGroup[]>): { latest: () => TargetGroup[] | undefined; subscription: Subscription } {
  let latest: TargetGroup[] | undefined;
  const subscription = mergeProviderGroups([provider], { firstUpdateTimeoutMs: Infinity }).subscribe((groups) => {
    latest = groups;
  });
  return { latest: () => latest, subscription };
}

/** Every target address of a list of groups, in order. */
export function addressesOf(groups: readonly TargetGroup[] | undefined): string[] {
  return (groups ?? []).flatMap((g) => g.targets.map((t) => t['__address__'] ?? ''));
}
