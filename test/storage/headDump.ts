/** Test helpers for WAL tests: a temporary directory per test, and a head's samples as comparable lines. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStaleNaN } from '../../src/model/staleness.js';
import type { Head } from '../../src/storage/head/head.js';

/** A directory removed when the test ends. */
export function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every sample in the head as "labels@t=value" lines, sorted (StaleNaN spelled out). */
export function dumpHead(head: Head): string[] {
  const out: string[] = [];
  for (const s of head.select([], -Infinity, Infinity)) {
    const { timestamps, values, length } = s.samples();
    for (let i = 0; i < length; i++) out.push(`${s.labels}@${timestamps[i]}=${isStaleNaN(values[i]!) ? 'stale' : values[i]}`);
  }
  return out.sort();
}
