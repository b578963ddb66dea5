/**
 * Append throughput into the TSDB head on one core, in steady state (series exist, refs are
 * cached as the scrape cache holds them): each round every series gets a sample, in commits of
 * 1 000 samples made by 10 concurrent "targets" (as scrape loops do, so WAL writes are shared),
 * with the WAL writing to a temporary directory, and without a WAL (the head alone).
 * Reports samples per second of wall time and per second of process CPU time (the box may be
 * shared; CPU time is the steadier figure).
 * Run: node dist-test/bench/tsdbAppend.bench.js [series=100000] [scrapeRounds=20] [head|wal|both]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Appendable } from '../src/model/storage.js';
import { Head } from '../src/storage/head/head.js';
import { HeadAppender, NO_COMMIT_LOG } from '../src/storage/head/headAppender.js';
import { Tsdb } from '../src/storage/tsdb.js';
import { ScrapeWorkload } from './tsdbWorkload.js';

const SERIES = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 20);
const MODE = process.argv[4] ?? 'both';
const BATCH = 1000;
const INTERVAL = 15_000;
const START = 1_700_000_000_000;

const TARGETS = 10;

/** One target's scrapes of a round: its slice of the series, a commit per 1 000 samples. */
async function scrapeTarget(storage: Appendable, workload: ScrapeWorkload, refs: number[], target: number, t: number): Promise<void> {
  const perTarget = Math.ceil(SERIES / TARGETS);
  const end = Math.min(SERIES, (target + 1) * perTarget);
  for (let from = target * perTarget; from < end; from += BATCH) {
    const app = storage.appender();
    const to = Math.min(end, from + BATCH);
    for (let i = from; i < to; i++) refs[i] = app.append(refs[i]!, refs[i] === 0 ? workload.labels[i]! : null, t, workload.values[i]!);
    await app.commit();
  }
}

/** Appends `rounds` full scrapes of the workload; returns samples per wall second and per CPU second. */
async function run(storage: Appendable, workload: ScrapeWorkload, refs: number[], firstRound: number, rounds: number): Promise<[number, number]> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let round = firstRound; round < firstRound + rounds; round++) {
    workload.step();
    const t = workload.jitter(START + round * INTERVAL);
    await Promise.all(Array.from({ length: TARGETS }, (_, target) => scrapeTarget(storage, workload, refs, target, t)));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return [(rounds * SERIES) / seconds, (rounds * SERIES) / cpuSeconds];
}

async function measure(label: string, storage: Appendable): Promise<void> {
  const workload = new ScrapeWorkload(SERIES);
  const refs = new Array<number>(SERIES).fill(0);
  const [creation] = await run(storage, workload, refs, 0, 1);
  await run(storage, workload, refs, 1, 5); // warm up the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let trial = 0; trial < 5; trial++) {
    const [w, c] = await run(storage, workload, refs, 6 + trial * ROUNDS, ROUNDS);
    wall.push(w);
    cpu.push(c);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const fmt = (r: number): string => `${(r / 1e6).toFixed(2)}M`;
  console.log(
    `${label}: ${fmt(wall[2]!)} samples/s wall, ${fmt(cpu[2]!)} samples per CPU-second (medians of 5 × ${ROUNDS} rounds of ${SERIES} series; wall min ${fmt(wall[0]!)} max ${fmt(wall[4]!)}); creating the series: ${fmt(creation)} samples/s`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'promstream-bench-'));
try {
  if (MODE !== 'wal') {
    const head = new Head();
    await measure('head alone (no WAL)', { appender: () => new HeadAppender(head, NO_COMMIT_LOG) });
  }
  if (MODE !== 'head') {
    const tsdb = await Tsdb.open({ path: dir, logger: pino({ level: 'warn' }) });
    await measure('TSDB with WAL', tsdb);
    await tsdb.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
