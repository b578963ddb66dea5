/**
 * The persisted side of the TSDB: one classic-level (LevelDB) database holding partitions (see
 * keys.ts for the layout) and a little metadata. Chunks are compressed already, so LevelDB's own
 * compression is off. The list of complete partitions is kept in memory; a partition exists once
 * its meta key is written, which is always the last, synced write of a partition, so data left by
 * an interrupted flush or compaction is recognised as orphaned and removed at open.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { Logger } from 'pino';
import { PartitionReadCache } from '../partitionReadCache.js';
import { KIND_META, KIND_PARTITION, metaKey, PARTITION_SCOPED_KINDS, pidKey, pidKeyEnd, readU32 } from './keys.js';
import type { PartitionMeta } from './partitionMeta.js';

/** The database type: binary keys and values. */
export type PartitionDb = ClassicLevel<Uint8Array, Uint8Array>;

/** A LevelDB write. */
export type DbOp = { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array } | { readonly type: 'del'; readonly key: Uint8Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown when the database cannot be opened (most often: another process holds its lock). */
export class StorageOpenError extends Error {}

/** Values of the `M` keys. */
export interface StoreMeta {
  /** Samples before this time are persisted; the head must not take them. */
  minValidTime: number;
  /** Every series ref below this has been handed out. */
  nextRef: number;
  nextPartitionId: number;
}

/** The LevelDB database of persisted partitions. */
export class PartitionStore {
  private published: PartitionMeta[] = [];
  /** Decoded reads of the published partitions, shared by the queries on this store. */
  readonly readCache = new PartitionReadCache();
  readonly meta: StoreMeta = { minValidTime: -Infinity, nextRef: 1, nextPartitionId: 1 };

  private constructor(
    readonly db: PartitionDb,
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Opens (creating) the database, loads partition metas and removes orphaned data. */
  static async open(dir: string, logger: Logger): Promise<PartitionStore> {
    const db: PartitionDb = new ClassicLevel<Uint8Array, Uint8Array>(dir, {
      keyEncoding: 'view',
      valueEncoding: 'view',
      compression: false,
      // Partition values are large and written once: bigger write buffers mean fewer level-0 files.
      writeBufferSize: 16 * 1024 * 1024,
      cacheSize: 32 * 1024 * 1024,
    });
    try {
      await db.open();
    } catch (e) {
      const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
      throw new StorageOpenError(`opening storage at ${dir}: ${cause}`);
    }
    const store = new PartitionStore(db, dir, logger);
    await store.load();
    await store.removeOrphans();
    return store;
  }

  private async load(): Promise<void> {
    for (const name of ['minValidTime', 'nextRef', 'nextPartitionId'] as const) {
      const value = await this.db.get(metaKey(name));
      if (value !== undefined) this.meta[name] = JSON.parse(decoder.decode(value)) as number;
    }
    if (this.meta.minValidTime === null) this.meta.minValidTime = -Infinity;
    const metas: PartitionMeta[] = [];
    for await (const value of this.db.values({ gte: pidKey(KIND_PARTITION, 0), lt: new Uint8Array([KIND_PARTITION + 1]) })) {
      metas.push(JSON.parse(decoder.decode(value)) as PartitionMeta);
    }
    this.setPartitions(metas);
    for (const p of metas) if (p.id >= this.meta.nextPartitionId) this.meta.nextPartitionId = p.id + 1;
  }

  /** Deletes series, postings and tombstones of partitions without a meta key (interrupted writes). */
  private async removeOrphans(): Promise<void> {
    const known = new Set(this.partitions.map((p) => p.id));
    for (const kind of PARTITION_SCOPED_KINDS) {
      const orphans: number[] = [];
      const it = this.db.keys({ gte: pidKey(kind, 0), lt: new Uint8Array([kind + 1]) });
      try {
        for (;;) {
          const key = await it.next();
          if (key === undefined) break;
          const pid = readU32(key, 1);
          if (!known.has(pid)) orphans.push(pid);
          if (pid === 0xffffffff) break;
          it.seek(pidKey(kind, pid + 1));
        }
      } finally {
        await it.close();
      }
      for (const pid of orphans) {
        this.logger.warn({ partition: pid, kind: String.fromCharCode(kind) }, 'Removing data of an incomplete partition (an interrupted flush or compaction)');
        await this.db.clear({ gte: pidKey(kind, pid), lt: pidKeyEnd(kind, pid) });
      }
    }
  }

  /** A new partition id (persisted with the next `metaOps`). */
  allocatePartitionId(): number {
    return this.meta.nextPartitionId++;
  }

  /** Writes of the `M` keys, to include in a partition's final batch. */
  metaOps(): DbOp[] {
    return (['minValidTime', 'nextRef', 'nextPartitionId'] as const).map((name) => ({
      type: 'put' as const,
      key: metaKey(name),
      value: encoder.encode(JSON.stringify(this.meta[name] === -Infinity ? null : this.meta[name])),
    }));
  }

  /** The write of a partition's meta key. */
  partitionOp(meta: PartitionMeta): DbOp {
    return { type: 'put', key: pidKey(KIND_PARTITION, meta.id), value: encoder.encode(JSON.stringify(meta)) };
  }

  /** Writes a batch (synced when it completes a partition). */
  async write(ops: DbOp[], sync = false): Promise<void> {
    if (ops.length > 0) await this.db.batch(ops as never[], { sync });
  }

  /** Makes a written partition visible (and retires the ones it replaces) in the in-memory list. */
  publish(meta: PartitionMeta | undefined, retired: readonly number[] = []): void {
    const gone = new Set(retired);
    const kept = this.partitions.filter((p) => !gone.has(p.id));
    this.setPartitions(meta ? [...kept, meta] : kept);
  }

  /** Complete partitions, sorted by minT then id (a new array on every change). */
  get partitions(): readonly PartitionMeta[] {
    return this.published;
  }

  private setPartitions(metas: PartitionMeta[]): void {
    this.published = sortPartitions(metas);
    this.readCache.keepOnly(metas.map((p) => p.id));
  }

  /** Removes partitions: from the list first (new queries stop seeing them), then their keys. */
  async drop(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    this.publish(undefined, ids);
    await this.write(ids.map((id) => ({ type: 'del', key: pidKey(KIND_PARTITION, id) })), true);
    await this.clearData(ids);
  }

  /** Deletes the data keys of partitions whose meta key is gone, and reclaims the space. */
  async clearData(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      for (const kind of PARTITION_SCOPED_KINDS) {
        await this.db.clear({ gte: pidKey(kind, id), lt: pidKeyEnd(kind, id) });
        await this.db.compactRange(pidKey(kind, id), pidKeyEnd(kind, id));
      }
    }
  }

  /** Bytes of the database files on disk. */
  async diskBytes(): Promise<number> {
    let total = 0;
    for (const name of await readdir(this.dir)) {
      try {
        total += (await stat(join(this.dir, name))).size;
      } catch {
        // A table file LevelDB just compacted away.
      }
    }
    return total;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function sortPartitions(metas: PartitionMeta[]): PartitionMeta[] {
  return metas.sort((a, b) => a.minT - b.minT || a.id - b.id);
}

/** The key range of one kind of meta entries (for tools that list them). */
export const META_RANGE = { gte: new Uint8Array([KIND_META]), lt: new Uint8Array([KIND_META + 1]) };
