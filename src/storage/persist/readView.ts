/**
 * The consistent view of the database that one query reads its partitions from. A LevelDB
 * snapshot costs a native call and an asynchronous close; a query served from the read cache
 * needs none, so the snapshot is taken at the first read that misses the cache. That is as
 * consistent as taking it up front as long as every partition of the query is still published
 * then: a published partition's keys are never changed or deleted. When one was retired in the
 * meantime (compaction, retention), its keys may be half gone: the read fails with
 * PartitionsRetiredError and the query starts over on the current partitions.
 */
import type { AbstractSnapshot } from 'abstract-level';
import type { PartitionMeta } from './partitionMeta.js';
import type { PartitionStore } from './partitionStore.js';

/** Thrown when a partition a query started with was retired before the query read it. */
export class PartitionsRetiredError extends Error {
  constructor() {
    super('a partition was retired while the query was reading it');
  }
}

/** A lazily taken snapshot over a query's partitions. */
export class ReadView {
  private snapshot: AbstractSnapshot | undefined;
  private readonly publishedAtStart: readonly PartitionMeta[];

  /** `eager`: take the snapshot now (it can then never fail). */
  constructor(
    private readonly store: PartitionStore,
    private readonly partitions: readonly PartitionMeta[],
    eager: boolean,
  ) {
    this.publishedAtStart = store.partitions;
    if (eager && partitions.length > 0) this.snapshot = store.db.snapshot();
  }

  /** The snapshot to read from (taken now if not yet). */
  current(): AbstractSnapshot {
    if (this.snapshot === undefined) {
      if (!this.stillPublished()) throw new PartitionsRetiredError();
      this.snapshot = this.store.db.snapshot();
    }
    return this.snapshot;
  }

  private stillPublished(): boolean {
    const now = this.store.partitions;
    // Every change publishes a new list: the same list means nothing changed.
    if (now === this.publishedAtStart) return true;
    const ids = new Set(now.map((p) => p.id));
    return this.partitions.every((p) => ids.has(p.id));
  }

  /** Releases the snapshot, if one was taken. */
  async close(): Promise<void> {
    await this.snapshot?.close();
  }
}
