/** The `storage` section: TSDB settings that can change on reload (retention, out-of-order window, chunk encoding) and exemplars. */
import type { Fields } from './decode.js';
import { decodeByteSize } from './globalConfig.js';

export interface TsdbRetentionConfig {
  /** 0 when not configured (the command-line flag then applies). */
  readonly timeMs: number;
  readonly sizeBytes: number;
  /** Share of the disk the TSDB may use, 0–100; 0 when not configured. */
  readonly percentage: number;
}

export interface TsdbConfig {
  readonly outOfOrderTimeWindowMs: number;
  readonly retention: TsdbRetentionConfig | undefined;
  /** '' when not configured. */
  readonly floatChunkEncoding: '' | 'xor' | 'xor2';
  readonly staleSeriesCompactionThreshold: number;
}

export interface StorageConfig {
  readonly tsdb: TsdbConfig | undefined;
  readonly exemplars: { readonly maxExemplars: number };
}

export const DEFAULT_STORAGE_CONFIG: StorageConfig = { tsdb: undefined, exemplars: { maxExemplars: 100_000 } };

/** Decodes the storage section (absent or null gives the defaults). */
export function decodeStorageConfig(f: Fields | undefined): StorageConfig {
  if (f === undefined) return DEFAULT_STORAGE_CONFIG;
  const tsdb = decodeTsdb(f.sub('tsdb', 'config.plain'));
  const ex = f.sub('exemplars', 'config.ExemplarsConfig');
  const exemplars = { maxExemplars: ex === undefined ? DEFAULT_STORAGE_CONFIG.exemplars.maxExemplars : (ex.integer('max_exemplars') ?? 0) };
  ex?.done();
  f.done();
  return { tsdb, exemplars };
}

function decodeTsdb(f: Fields | undefined): TsdbConfig | undefined {
  if (f === undefined) return undefined;
  const retention = decodeRetention(f.sub('retention', 'config.TSDBRetentionConfig'));
  const encoding = f.sub('chunk_encoding', 'config.TSDBChunkEncodingConfig');
  const floats = encoding?.string('floats') ?? '';
  if (floats !== '' && floats !== 'xor' && floats !== 'xor2') {
    throw encoding!.error(encoding!.node_('floats'), `'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be omitted entirely, got ${JSON.stringify(floats)}`);
  }
  encoding?.done();
  const config: TsdbConfig = {
    outOfOrderTimeWindowMs: f.duration('out_of_order_time_window') ?? 0,
    retention,
    floatChunkEncoding: floats,
    staleSeriesCompactionThreshold: f.number('stale_series_compaction_threshold') ?? 0,
  };
  f.done();
  return config;
}

function decodeRetention(f: Fields | undefined): TsdbRetentionConfig | undefined {
  if (f === undefined) return undefined;
  const config: TsdbRetentionConfig = {
    timeMs: f.duration('time') ?? 0,
    sizeBytes: decodeByteSize(f, 'size'),
    percentage: f.number('percentage') ?? 0,
  };
  f.done();
  if (config.sizeBytes < 0) throw f.error(f.node_('size'), "'storage.tsdb.retention.size' must be greater than or equal to 0");
  if (config.percentage < 0 || config.percentage > 100) throw f.error(f.node_('percentage'), "'storage.tsdb.retention.percentage' must be in the range [0, 100]");
  return config;
}
