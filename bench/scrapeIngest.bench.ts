/**
 * Scrape ingestion side by side with Prometheus (Debian's 2.42): 50 synthetic targets × 2 000
 * series, scraped every 5 s by both servers at once; after a warm-up, the CPU seconds each
 * process uses over a measuring window (from /proc) per million samples ingested, and whether
 * any scrape fell behind (its duration reaching the interval, or scrapes missing).
 * Run: node dist-test/bench/scrapeIngest.bench.js [window seconds]
 * With BENCH_PROFILE_DIR set, promstream runs with --cpu-prof and writes its profile there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TARGETS = 50;
const SERIES = 2_000;
const INTERVAL_S = 5;
const WINDOW_S = Number(process.argv[2] ?? 60);
const WARMUP_S = 20;
const TICKS_PER_SECOND = 100;

/** A body like a real exporter's: 40 families × 50 series, values changing on every scrape. */
function body(target: number, scrape: number): string {
  let out = '';
  for (let f = 0; f < SERIES / 50; f++) {
    out += `# HELP bench_metric_${f}_total A synthetic counter.\n# TYPE bench_metric_${f}_total counter\n`;
    for (let s = 0; s < 50; s++) out += `bench_metric_${f}_total{shard="${s}",path="/api/v1/resource/${s % 7}",method="${s % 2 ? 'GET' : 'POST'}"} ${scrape * (s + 1) + target}\n`;
  }
  return out;
}

async function startTargets(): Promise<{ servers: Server[]; addresses: string[] }> {
  const servers: Server[] = [];
  const addresses: string[] = [];
  for (let t = 0; t < TARGETS; t++) {
    let scrapes = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(body(t, scrapes++));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    addresses.push(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return { servers, addresses };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

async function scalar(url: string, query: string): Promise<number> {
  const body = (await (await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? NaN);
}

const dir = mkdtempSync(join(tmpdir(), 'scrape-bench-'));
const { servers, addresses } = await startTargets();
const children: ChildProcess[] = [];
try {
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: ${INTERVAL_S}s\nscrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: [${addresses.map((a) => `'${a}'`).join(', ')}]\n`);
  const prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`, '--web.listen-address=127.0.0.1:19090'], { stdio: 'ignore' });
  const promstream = spawn(process.execPath, [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []), new URL('../../dist/server.js', import.meta.url).pathname, `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'promstream-data')}`, '--web.listen-address=127.0.0.1:19091'], { stdio: 'ignore' });
  children.push(prometheus, promstream);
  const servers_ = { prometheus: { child: prometheus, url: 'http://127.0.0.1:19090' }, promstream: { child: promstream, url: 'http://127.0.0.1:19091' } };
  for (const s of Object.values(servers_)) await waitReady(s.url);
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  const before = Object.fromEntries(Object.entries(servers_).map(([name, s]) => [name, cpuSeconds(s.child.pid!)]));
  const scrapedBefore = Object.fromEntries(await Promise.all(Object.entries(servers_).map(async ([name, s]) => [name, await scalar(s.url, 'sum(scrape_samples_scraped)')] as const)));
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  const samplesInWindow = (WINDOW_S / INTERVAL_S) * TARGETS * SERIES;
  console.log(`${TARGETS} targets × ${SERIES} series every ${INTERVAL_S} s; ${WINDOW_S} s window ≈ ${(samplesInWindow / 1e6).toFixed(2)} M samples per server`);
  const perMillion: Record<string, number> = {};
  for (const [name, s] of Object.entries(servers_)) {
    const cpu = cpuSeconds(s.child.pid!) - before[name]!;
    perMillion[name] = cpu / (samplesInWindow / 1e6);
    const slowest = await scalar(s.url, 'max(scrape_duration_seconds)');
    const up = await scalar(s.url, 'sum(up)');
    console.log(`${name.padEnd(11)} cpu ${cpu.toFixed(2)} s = ${perMillion[name]!.toFixed(3)} cpu-s per million samples; slowest last scrape ${slowest.toFixed(3)} s; targets up ${up}/${TARGETS}; samples per scrape before window ${scrapedBefore[name]}`);
  }
  console.log(`ratio promstream / prometheus: ${(perMillion.promstream! / perMillion.prometheus!).toFixed(2)}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
}
