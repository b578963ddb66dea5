/**
 * Resident memory per active series, side by side with Prometheus (Debian's 2.42): 50 synthetic
 * targets × 2 000 series (100 000 series) scraped every 15 s by both servers at once. After both
 * have scraped every target a few times, RSS (from /proc) is sampled over a steady-state window;
 * the median divided by the active series is each server's bytes per series.
 * Run: node dist-test/bench/memoryVsPrometheus.bench.js [window seconds] [interval seconds]
 * PROMSTREAM_SERVER_JS picks the server to measure (default: the one built beside this bench).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryScalar, scrapeConfigFor, startSyntheticTargets, waitReady } from './support/syntheticTargets.js';

const TARGETS = 50;
const SERIES = 2_000;
const WINDOW_S = Number(process.argv[2] ?? 120);
const INTERVAL_S = Number(process.argv[3] ?? 15);
const SAMPLE_EVERY_S = 5;

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) * 1024;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** prometheus_tsdb_head_series from the server's own /metrics. */
async function headSeries(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^prometheus_tsdb_head_series (\S+)$/m.exec(text);
  if (!match) throw new Error(`${url}/metrics has no prometheus_tsdb_head_series`);
  return Number(match[1]);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const serverJs = process.env.PROMSTREAM_SERVER_JS ?? new URL('../src/server.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'memory-bench-'));
const targets = await startSyntheticTargets(TARGETS, SERIES);
const children: ChildProcess[] = [];
try {
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfigFor(targets.addresses, INTERVAL_S));
  const prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`, '--web.listen-address=127.0.0.1:19190'], { stdio: 'ignore' });
  const promstream = spawn(process.execPath, [serverJs, `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'promstream-data')}`, '--web.listen-address=127.0.0.1:19191'], { stdio: 'ignore' });
  children.push(prometheus, promstream);
  const servers = { prometheus: { child: prometheus, url: 'http://127.0.0.1:19190' }, promstream: { child: promstream, url: 'http://127.0.0.1:19191' } };
  for (const s of Object.values(servers)) await waitReady(s.url);
  // Steady state: every target scraped at least three times by both.
  for (const [name, s] of Object.entries(servers)) {
    for (let waited = 0; ; waited += 1) {
      const scrapes = await queryScalar(s.url, 'min(count_over_time(up{job="bench"}[1h]))');
      if (scrapes >= 3 && (await queryScalar(s.url, 'count(up{job="bench"} == 1)')) === TARGETS) break;
      if (waited > 20 * INTERVAL_S) throw new Error(`${name} did not reach steady state`);
      await sleep(1000);
    }
  }
  const samples: Record<string, number[]> = { prometheus: [], promstream: [] };
  for (let t = 0; t < WINDOW_S; t += SAMPLE_EVERY_S) {
    for (const [name, s] of Object.entries(servers)) samples[name]!.push(rssBytes(s.child.pid!));
    await sleep(SAMPLE_EVERY_S * 1000);
  }
  console.log(`${TARGETS} targets × ${SERIES} series every ${INTERVAL_S} s; RSS sampled every ${SAMPLE_EVERY_S} s over ${WINDOW_S} s`);
  const perSeries: Record<string, number> = {};
  for (const [name, s] of Object.entries(servers)) {
    const active = await headSeries(s.url);
    const rss = median(samples[name]!);
    perSeries[name] = rss / active;
    console.log(`${name.padEnd(11)} head series ${active}; RSS median ${(rss / 2 ** 20).toFixed(1)} MiB (max ${(Math.max(...samples[name]!) / 2 ** 20).toFixed(1)} MiB) = ${(perSeries[name]! / 1024).toFixed(2)} KiB per series`);
  }
  console.log(`ratio promstream / prometheus: ${(perSeries.promstream! / perSeries.prometheus!).toFixed(2)}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  targets.close();
  rmSync(dir, { recursive: true, force: true });
}
