/**
 * The WAL's single writer. Commits queue their framed records; while one write is in flight the
 * next commits gather, and all of them go out in one write (group commit). A commit resolves once
 * its bytes are handed to the OS (write, not fsync). When the queue holds more than the
 * high-water mark, new commits wait (not yet encoded, in arrival order) until it drains: a slow
 * disk slows appenders down instead of growing memory.
 *
 * fsync policy: a segment is fsynced when it is closed (rotation at `segmentBytes`, a cut for a
 * checkpoint, shutdown); checkpoints are fsynced before they replace segments. A commit is not
 * fsynced: a process crash loses nothing acknowledged, an OS crash or power loss may lose the
 * last seconds, as with Prometheus.
 *
 * Write errors (a full disk, EIO) fail only the commits of that write, as Prometheus fails the
 * appender whose WAL write failed; later commits are written normally once the disk takes writes
 * again. The writer keeps `segmentSize`, the segment's length after its last acknowledged write,
 * and repairs a failed write before anything else is written:
 * - it truncates the segment back to that length, so the bytes of the failed write (a torn
 *   record, or whole records of rejected commits) are gone and the next write appends right after
 *   the last acknowledged record;
 * - if truncating fails too, the segment is abandoned (no more writes to it) and writing goes on
 *   in the next segment. The truncation is retried before each later write and at close; until it
 *   succeeds the abandoned segment ends in what the failed write left, which replay skips as a
 *   torn tail of a segment that is not the last (walReplay.ts). Only if truncation never
 *   succeeds and the failed write had put whole records of rejected commits on disk can those
 *   records come back at the next start.
 * A segment is opened when it is first written to, so a failed open (at start of writing or at
 * rotation) fails that write and is retried by the next one. Syncing or closing a segment that is
 * left behind is logged and does not stop writing (Prometheus does the same).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CommitLog } from '../head/headAppender.js';
import { openFsWalFile, segmentName, type OpenWalFile, type WalFile } from './walFiles.js';

/** How the writer is set up. */
export interface WalWriterOptions {
  readonly dir: string;
  /** The first segment to write (one past the last existing). */
  readonly firstSegment: number;
  readonly logger: Logger;
  /** Segment size that triggers rotation (128 MiB by default). */
  readonly segmentBytes?: number;
  /** Queued bytes beyond which commits wait (16 MiB by default). */
  readonly highWaterBytes?: number;
  readonly openFile?: OpenWalFile;
  /** Called with every fsync's duration in seconds. */
  readonly onFsync?: (seconds: number) => void;
  /** Called for every write that failed (its commits were rejected). */
  readonly onWriteFailed?: () => void;
}

interface Queued {
  readonly bytes: Uint8Array;
  readonly onWritten: () => void;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** A control operation (segment cut, close), run in queue order between writes. */
interface Control {
  readonly run: () => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

interface Waiter {
  readonly encode: () => Uint8Array;
  readonly onWritten: () => void;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** A segment left behind after a failed write whose torn tail could not be truncated yet. */
interface Abandoned {
  readonly file: WalFile;
  readonly segment: number;
  /** Its length after the last acknowledged write. */
  readonly size: number;
}

/** Largest single write: several commits' records, concatenated. */
const MAX_WRITE_BYTES = 8 * 1024 * 1024;

/** The single writer of the WAL segments (group commit, high-water mark, recovery from write errors). */
export class WalWriter implements CommitLog {
  private readonly segmentBytes: number;
  private readonly highWaterBytes: number;
  private readonly openFile: OpenWalFile;
  private readonly logger: Logger;
  private readonly queue: Array<Queued | Control> = [];
  private readonly waiting: Waiter[] = [];
  private readonly abandoned: Abandoned[] = [];
  /** The open file of `segment`; undefined until the segment is first written to. */
  private file: WalFile | undefined;
  /** Length of `segment` after its last acknowledged write. */
  private segmentSize = 0;
  private writing = false;
  private closed = false;
  /** The segment being written (or to be opened by the next write). */
  segment: number;
  /** Bytes encoded and queued but not yet written. */
  queuedBytes = 0;
  /** The most bytes ever queued, for tests and metrics. */
  peakQueuedBytes = 0;
  /** Bytes handed to the OS so far. */
  bytesWritten = 0;
  /** Writes done, and commits they carried (their ratio is the group-commit factor). */
  writes = 0;
  commitsWritten = 0;
  /** Writes that failed (their commits were rejected). */
  writesFailed = 0;

  constructor(private readonly options: WalWriterOptions) {
    this.segment = options.firstSegment;
    this.segmentBytes = options.segmentBytes ?? 128 * 1024 * 1024;
    this.highWaterBytes = options.highWaterBytes ?? 16 * 1024 * 1024;
    this.openFile = options.openFile ?? openFsWalFile;
    this.logger = options.logger;
  }

  /** Creates the directory and opens the first segment (a failure here fails the start). */
  async start(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    await this.openSegment();
  }

  submit(encode: () => Uint8Array, onWritten: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closed) return reject(new Error('WAL is closed'));
      if (this.waiting.length === 0 && this.queuedBytes < this.highWaterBytes) {
        this.enqueue(encode(), onWritten, resolve, reject);
        void this.pump();
      } else {
        this.waiting.push({ encode, onWritten, resolve, reject });
      }
    });
  }

  /**
   * Closes the current segment (fsynced) once everything queued before is written; the next
   * write starts the next segment. Resolves with the index of the last closed segment.
   */
  cut(): Promise<number> {
    let closedSegment = -1;
    return this.control(async () => {
      closedSegment = this.file === undefined ? this.segment - 1 : this.segment;
      await this.closeSegment();
    }).then(() => closedSegment);
  }

  /** Writes everything queued, fsyncs and closes the segment; later commits fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    // Commits still waiting for room are queued ahead of the close.
    const closing = this.control(async () => {
      for (const a of this.abandoned.splice(0)) await this.repairAbandoned(a, true);
      const file = this.file;
      this.file = undefined;
      if (file === undefined) return;
      try {
        await this.sync(file);
      } finally {
        await file.close();
      }
    });
    this.closed = true;
    await closing;
  }

  private control(run: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closed) return reject(new Error('WAL is closed'));
      this.admitWaiting(Infinity);
      this.queue.push({ run, resolve, reject });
      void this.pump();
    });
  }

  private enqueue(bytes: Uint8Array, onWritten: () => void, resolve: () => void, reject: (e: Error) => void): void {
    this.queue.push({ bytes, onWritten, resolve, reject });
    this.queuedBytes += bytes.length;
    if (this.queuedBytes > this.peakQueuedBytes) this.peakQueuedBytes = this.queuedBytes;
  }

  /** Moves waiting commits into the queue, in order, while there is room. */
  private admitWaiting(limit: number): void {
    while (this.waiting.length > 0 && this.queuedBytes < limit) {
      const w = this.waiting.shift()!;
      let bytes: Uint8Array;
      try {
        bytes = w.encode();
      } catch (e) {
        w.reject(e as Error);
        continue;
      }
      this.enqueue(bytes, w.onWritten, w.resolve, w.reject);
    }
  }

  /** Writes the queue out; never throws: a failure rejects only the commits or control it concerns. */
  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const first = this.queue[0]!;
        if ('run' in first) {
          this.queue.shift();
          await first.run().then(first.resolve, first.reject);
          continue;
        }
        const batch: Queued[] = [];
        let bytes = 0;
        while (this.queue.length > 0) {
          const next = this.queue[0]!;
          if ('run' in next || (batch.length > 0 && bytes + next.bytes.length > MAX_WRITE_BYTES)) break;
          this.queue.shift();
          batch.push(next);
          bytes += next.bytes.length;
        }
        await this.writeBatch(batch, bytes);
        this.queuedBytes -= bytes;
        this.admitWaiting(this.highWaterBytes);
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Queued[], bytes: number): Promise<void> {
    try {
      for (const a of this.abandoned.splice(0)) await this.repairAbandoned(a, false);
      if (this.file !== undefined && this.segmentSize > 0 && this.segmentSize + bytes > this.segmentBytes) await this.closeSegment();
      if (this.file === undefined) await this.openSegment();
      await this.file!.write(batch.map((q) => q.bytes));
    } catch (e) {
      const err = e as Error;
      this.writesFailed++;
      this.options.onWriteFailed?.();
      this.logger.error({ segment: this.segment, commits: batch.length, bytes, err: err.message }, 'WAL write failed: its commits are rejected');
      for (const q of batch) q.reject(err);
      await this.discardFailedWrite();
      return;
    }
    this.segmentSize += bytes;
    this.bytesWritten += bytes;
    this.writes++;
    this.commitsWritten += batch.length;
    // Apply in queue order, then acknowledge: what a commit's caller sees next is queryable.
    for (const q of batch) {
      try {
        q.onWritten();
        q.resolve();
      } catch (e) {
        q.reject(e as Error);
      }
    }
  }

  /** Cuts what a failed write left off the segment, or leaves the segment behind if that fails. */
  private async discardFailedWrite(): Promise<void> {
    const file = this.file;
    if (file === undefined) return;
    try {
      await file.truncate(this.segmentSize);
    } catch (e) {
      this.logger.error(
        { segment: this.segment, size: this.segmentSize, err: (e as Error).message },
        'Truncating the WAL segment after a failed write failed: writing goes on in the next segment',
      );
      this.abandoned.push({ file, segment: this.segment, size: this.segmentSize });
      this.file = undefined;
      this.segment++;
      this.segmentSize = 0;
    }
  }

  /** Retries truncating an abandoned segment; closes it once done (or, with `last`, in any case). */
  private async repairAbandoned(a: Abandoned, last: boolean): Promise<void> {
    try {
      await a.file.truncate(a.size);
      this.logger.info({ segment: a.segment, size: a.size }, 'Abandoned WAL segment truncated after its last acknowledged record');
    } catch (e) {
      if (!last) {
        this.abandoned.push(a);
        return;
      }
      this.logger.error({ segment: a.segment, size: a.size, err: (e as Error).message }, 'Abandoned WAL segment could not be truncated: replay will skip its torn tail');
    }
    await this.retire(a.file, a.segment);
  }

  private async openSegment(): Promise<void> {
    this.file = await this.openFile(join(this.options.dir, segmentName(this.segment)));
    this.segmentSize = 0;
  }

  /** Leaves the current segment behind (fsynced and closed); the next write opens the next one. */
  private async closeSegment(): Promise<void> {
    const file = this.file;
    if (file === undefined) return;
    this.file = undefined;
    await this.retire(file, this.segment);
    this.segment++;
    this.segmentSize = 0;
  }

  /** fsyncs and closes a segment no longer written to; failures are logged, writing goes on. */
  private async retire(file: WalFile, segment: number): Promise<void> {
    try {
      await this.sync(file);
    } catch (e) {
      this.logger.error({ segment, err: (e as Error).message }, 'Syncing a WAL segment failed');
    }
    try {
      await file.close();
    } catch (e) {
      this.logger.error({ segment, err: (e as Error).message }, 'Closing a WAL segment failed');
    }
  }

  private async sync(file: WalFile): Promise<void> {
    const start = performance.now();
    await file.sync();
    this.options.onFsync?.((performance.now() - start) / 1000);
  }
}
