/**
 * `promtool tsdb …` for promstream's storage: `create-blocks-from openmetrics FILE [DATADIR]`
 * backfills an OpenMetrics file (with a progress line on a terminal), `list [DATADIR]` lists the
 * persisted partitions (Prometheus's blocks), `analyze [DATADIR] [PARTITION]` shows the
 * cardinality statistics of a partition (the newest by default). The data directory is the
 * server's --storage.tsdb.path; the server must not be running on it (the database is locked).
 */
import { join } from 'node:path';
import { destination, pino } from 'pino';
import { backfillOpenMetrics, BackfillError, type BackfillProgress } from '../storage/backfill/backfill.js';
import { analyzePartition, type Counted } from '../storage/partitionAnalysis.js';
import type { PartitionMeta } from '../storage/persist/partitionMeta.js';
import { PartitionStore, StorageOpenError } from '../storage/persist/partitionStore.js';
import { EXIT_FAILURE, EXIT_SUCCESS, eprintln, println, type PromtoolIO } from './io.js';

const USAGE = `usage: promtool tsdb <command> [<args> ...]

Commands:
  create-blocks-from openmetrics <input file> [<output directory>]
  list [<db path>]
  analyze [<db path>] [<partition id>] [--limit=20]
`;

/** Go's time.Duration formatting for whole hours and minutes, as promtool prints durations. */
function duration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}

function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${u === 0 ? n : n.toFixed(1)}${units[u]}`;
}

function table(io: PromtoolIO, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) println(io, row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

function partitionRows(partitions: readonly PartitionMeta[], human: boolean): string[][] {
  return partitions.map((p) => [
    String(p.id),
    human ? new Date(p.minT).toISOString() : String(p.minT),
    human ? new Date(p.maxT).toISOString() : String(p.maxT),
    duration(p.maxT - p.minT),
    String(p.samples),
    String(p.chunks),
    String(p.series),
    human ? humanBytes(p.bytes) : String(p.bytes),
  ]);
}

const PARTITION_HEADER = ['PARTITION', 'MIN TIME', 'MAX TIME', 'DURATION', 'NUM SAMPLES', 'NUM CHUNKS', 'NUM SERIES', 'SIZE'];

async function createBlocks(args: string[], io: PromtoolIO, isTerminal: boolean): Promise<number> {
  const human = args.includes('--human-readable') || args.includes('-r');
  const quiet = args.includes('--quiet') || args.includes('-q');
  const positional = args.filter((a) => !a.startsWith('-'));
  if (positional[0] !== 'openmetrics' || positional.length < 2) {
    eprintln(io, 'usage: promtool tsdb create-blocks-from openmetrics <input file> [<output directory>]');
    return EXIT_FAILURE;
  }
  const [, input, output = 'data/'] = positional as [string, string, string?];
  let lastDraw = 0;
  const progress = (p: BackfillProgress): void => {
    if (!isTerminal || quiet) return;
    const now = Date.now();
    if (now - lastDraw < 200 && p.phase === 'reading' && p.bytesRead < p.fileBytes) return;
    lastDraw = now;
    const text = p.phase === 'reading'
      ? `reading ${humanBytes(p.bytesRead)} of ${humanBytes(p.fileBytes)} (${Math.floor((p.bytesRead / Math.max(1, p.fileBytes)) * 100)}%): ${p.samples} samples, ${p.series} series`
      : `writing partition ${p.partitionsWritten} of ${p.partitionsTotal}`;
    io.err(`\r\x1b[K${text}`);
  };
  try {
    const outcome = await backfillOpenMetrics(input, output, pino({ level: 'warn' }, destination(2)), progress);
    if (isTerminal && !quiet) io.err('\r\x1b[K');
    if (!quiet) {
      println(io, `${outcome.samples} samples of ${outcome.series} series written to ${outcome.partitions.length} partitions in ${join(output, 'db')}`);
      if (outcome.outOfOrder + outcome.duplicates > 0) println(io, `skipped ${outcome.outOfOrder} out-of-order and ${outcome.duplicates} duplicate samples`);
      if (human) table(io, PARTITION_HEADER, partitionRows(outcome.partitions, true));
    }
    return EXIT_SUCCESS;
  } catch (e) {
    if (isTerminal && !quiet) io.err('\r\x1b[K');
    if (e instanceof BackfillError || e instanceof StorageOpenError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      eprintln(io, `getting series from the input file: ${(e as Error).message}`);
      return EXIT_FAILURE;
    }
    throw e;
  }
}

async function withStore<T>(dir: string, io: PromtoolIO, use: (store: PartitionStore) => Promise<T>): Promise<T | number> {
  let store: PartitionStore;
  try {
    store = await PartitionStore.open(join(dir, 'db'), pino({ level: 'warn' }, destination(2)));
  } catch (e) {
    eprintln(io, (e as Error).message);
    return EXIT_FAILURE;
  }
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

function printCounted(io: PromtoolIO, title: string, list: readonly Counted[], limit: number): void {
  println(io, title);
  for (const { name, count } of list.slice(0, limit)) println(io, `${count} ${name}`);
}

async function analyze(args: string[], io: PromtoolIO): Promise<number> {
  const limitFlag = args.find((a) => a.startsWith('--limit='));
  const limit = limitFlag ? Number(limitFlag.slice(8)) : 20;
  const [dir = 'data/', id] = args.filter((a) => !a.startsWith('-'));
  const result = await withStore(dir, io, async (store) => {
    const meta = id === undefined ? [...store.partitions].sort((a, b) => a.maxT - b.maxT || a.id - b.id).at(-1) : store.partitions.find((p) => String(p.id) === id);
    if (meta === undefined) {
      eprintln(io, id === undefined ? 'no partitions found' : `partition ${id} not found`);
      return EXIT_FAILURE;
    }
    const a = await analyzePartition(store, meta);
    println(io, `Partition ID: ${meta.id}`);
    println(io, `Duration: ${duration(meta.maxT - meta.minT)}`);
    println(io, `Total Series: ${meta.series}`);
    println(io, `Label names: ${a.labelNames}`);
    println(io, `Postings (unique label pairs): ${a.postings}`);
    println(io, `Postings entries (total label pairs): ${a.postingEntries}`);
    println(io, '');
    printCounted(io, 'Label names with highest cumulative label value length:', a.valueLengthByName, limit);
    println(io, '');
    printCounted(io, 'Highest cardinality label names:', a.cardinalityByName, limit);
    println(io, '');
    printCounted(io, 'Highest cardinality metric names:', a.seriesByMetricName, limit);
    println(io, '');
    printCounted(io, 'Most common label pairs:', a.labelPairs, limit);
    return EXIT_SUCCESS;
  });
  return result;
}

async function list(args: string[], io: PromtoolIO): Promise<number> {
  const human = args.includes('--human-readable') || args.includes('-r');
  const [dir = 'data/'] = args.filter((a) => !a.startsWith('-'));
  return withStore(dir, io, async (store) => {
    table(io, PARTITION_HEADER, partitionRows(store.partitions, human));
    return EXIT_SUCCESS;
  });
}

/** Runs `promtool tsdb <args>`; returns the exit code. */
export async function runTsdbCommand(args: string[], io: PromtoolIO, isTerminal = false): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'create-blocks-from':
      return createBlocks(rest, io, isTerminal);
    case 'analyze':
      return analyze(rest, io);
    case 'list':
      return list(rest, io);
    default:
      io.err(USAGE);
      return EXIT_FAILURE;
  }
}
