/**
 * Scrape ingestion side by side with Prometheus (Debian's 2.42): 50 synthetic targets × 2 000
 * series, scraped every 5 s by both servers at once; after a warm-up, the CPU seconds each
 * process uses over a measuring window (from /proc) per million samples ingested, and whether
 * any scrape fell behind (its duration reaching the interval, or scrapes missing).
 * Run: node dist-test/bench/scrapeIngest.bench.js [window seconds]
 * With BENCH_PROFILE_DIR set, promstream runs with --cpu-prof and writes its profile there.
 * PROMSTREAM_SERVER_JS picks the server to measure (default: the one built beside this bench).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSecondsOf } from './support/processCpu.js';
import { queryScalar, scrapeConfigFor, startSyntheticTargets, waitReady } from './support/syntheticTargets.js';

const TARGETS = 50;
const SERIES = 2_000;
const INTERVAL_S = 5;
const WINDOW_S = Number(process.argv[2] ?? 60);
const WARMUP_S = 20;

const serverJs = process.env.PROMSTREAM_SERVER_JS ?? new URL('../src/server.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'scrape-bench-'));
const { addresses, close: closeTargets } = await startSyntheticTargets(TARGETS, SERIES);
const children: ChildProcess[] = [];
try {
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfigFor(addresses, INTERVAL_S));
  const prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`, '--web.listen-address=127.0.0.1:19090'], { stdio: 'ignore' });
  const promstream = spawn(process.execPath, [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []), serverJs, `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'promstream-data')}`, '--web.listen-address=127.0.0.1:19091'], { stdio: 'ignore' });
  children.push(prometheus, promstream);
  const servers_ = { prometheus: { child: prometheus, url: 'http://127.0.0.1:19090' }, promstream: { child: promstream, url: 'http://127.0.0.1:19091' } };
  for (const s of Object.values(servers_)) await waitReady(s.url);
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  const before = Object.fromEntries(Object.entries(servers_).map(([name, s]) => [name, cpuSecondsOf(s.child.pid!)]));
  const scrapedBefore = Object.fromEntries(await Promise.all(Object.entries(servers_).map(async ([name, s]) => [name, await queryScalar(s.url, 'sum(scrape_samples_scraped)')] as const)));
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  const samplesInWindow = (WINDOW_S / INTERVAL_S) * TARGETS * SERIES;
  console.log(`${TARGETS} targets × ${SERIES} series every ${INTERVAL_S} s; ${WINDOW_S} s window ≈ ${(samplesInWindow / 1e6).toFixed(2)} M samples per server`);
  const perMillion: Record<string, number> = {};
  for (const [name, s] of Object.entries(servers_)) {
    const cpu = cpuSecondsOf(s.child.pid!) - before[name]!;
    perMillion[name] = cpu / (samplesInWindow / 1e6);
    const slowest = await queryScalar(s.url, 'max(scrape_duration_seconds)');
    const up = await queryScalar(s.url, 'sum(up)');
    console.log(`${name.padEnd(11)} cpu ${cpu.toFixed(2)} s = ${perMillion[name]!.toFixed(3)} cpu-s per million samples; slowest last scrape ${slowest.toFixed(3)} s; targets up ${up}/${TARGETS}; samples per scrape before window ${scrapedBefore[name]}`);
  }
  console.log(`ratio promstream / prometheus: ${(perMillion.promstream! / perMillion.prometheus!).toFixed(2)}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  closeTargets();
  rmSync(dir, { recursive: true, force: true });
}
