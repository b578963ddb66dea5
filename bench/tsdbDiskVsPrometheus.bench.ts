/**
 * Bytes per sample on disk, side by side with Prometheus (Debian's 2.42) on the same data: the
 * scrape-like workload of tsdbWorkload.ts is written as one OpenMetrics file, backfilled into
 * Prometheus with its `promtool tsdb create-blocks-from openmetrics` and into promstream with
 * `node dist/promtool.js tsdb create-blocks-from openmetrics`; each server then compacts (the
 * Prometheus server is started until its compactions settle; promstream runs its maintenance),
 * and the persisted data is measured (Prometheus: the block directories; promstream: the
 * LevelDB directory after LevelDB's own compaction).
 * Run (after npm run build): node dist-test/bench/tsdbDiskVsPrometheus.bench.js [series=1000] [hours=24]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Tsdb } from '../src/storage/tsdb.js';
import { writeWorkloadOpenMetrics } from './tsdbWorkload.js';

const SERIES = Number(process.argv[2] ?? 1000);
const HOURS = Number(process.argv[3] ?? 24);
const INTERVAL = 15_000;
const START = 1_700_000_000_000 - (1_700_000_000_000 % (54 * 3_600_000));
const ROUNDS = (HOURS * 3_600_000) / INTERVAL;
// dist-test/bench/ → the checkout; PROMSTREAM_PROMTOOL_JS points at a build elsewhere.
const promtoolJs = process.env.PROMSTREAM_PROMTOOL_JS ?? join(new URL('../..', import.meta.url).pathname, 'dist', 'promtool.js');

function directoryBytes(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, name) => n + directoryBytes(join(path, name)), 0);
}

async function prometheusCompacted(dataDir: string): Promise<void> {
  writeFileSync(join(dataDir, '..', 'empty.yml'), 'global: {}\n');
  const port = 19000 + Math.floor(Math.random() * 1000);
  const child = spawn('prometheus', [`--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', `--config.file=${join(dataDir, '..', 'empty.yml')}`], { stdio: 'ignore' });
  try {
    // Prometheus compacts a minute after start, then every minute: wait for the count to move
    // and then stay put for a while (or two minutes without any compaction).
    let last = -1;
    let stable = 0;
    for (let i = 0; i < 900 && !((last > 0 && stable >= 70) || (i >= 150 && last === 0)); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const count = Number(/^prometheus_tsdb_compactions_total (\S+)$/m.exec(text)?.[1] ?? -1);
        stable = count === last && count >= 0 ? stable + 1 : 0;
        last = count;
      } catch {
        // not listening yet
      }
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

const dir = mkdtempSync(join(tmpdir(), 'promstream-vs-prom-'));
try {
  const input = join(dir, 'input.om');
  const samples = await writeWorkloadOpenMetrics(input, { series: SERIES, rounds: ROUNDS, startMs: START, intervalMs: INTERVAL });
  console.log(`${SERIES} series × ${HOURS} h at 15 s = ${samples} samples, OpenMetrics file ${statSync(input).size} bytes`);

  const promDir = join(dir, 'prometheus');
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, promDir], { stdio: 'ignore' });
  const promBackfilled = directoryBytes(promDir);
  await prometheusCompacted(promDir);
  const promBlocks = readdirSync(promDir).filter((n) => /^[0-9A-Z]{26}$/.test(n));
  const promBytes = promBlocks.reduce((n, b) => n + directoryBytes(join(promDir, b)), 0);

  const ourDir = join(dir, 'promstream');
  execFileSync(process.execPath, [promtoolJs, 'tsdb', 'create-blocks-from', 'openmetrics', input, ourDir], { stdio: 'ignore' });
  const ourBackfilled = directoryBytes(join(ourDir, 'db'));
  const tsdb = await Tsdb.open({ path: ourDir, logger: pino({ level: 'warn' }) });
  await tsdb.maintain();
  await tsdb.store.db.compactRange(new Uint8Array([0]), new Uint8Array([0xff]));
  const ourBytes = await tsdb.store.diskBytes();
  await tsdb.close();

  const per = (bytes: number): string => (bytes / samples).toFixed(3);
  console.log(`Prometheus 2.42: ${per(promBackfilled)} B/sample as backfilled, ${per(promBytes)} B/sample after compaction (${promBlocks.length} blocks)`);
  console.log(`promstream:      ${per(ourBackfilled)} B/sample as backfilled, ${per(ourBytes)} B/sample after compaction`);
  console.log(`ratio promstream / Prometheus after compaction: ${(ourBytes / promBytes).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
