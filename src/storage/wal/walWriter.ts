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
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommitLog } from '../head/headAppender.js';
import { openFsWalFile, segmentName, type OpenWalFile, type WalFile } from './walFiles.js';

/** How the writer is set up. */
export interface WalWriterOptions {
  readonly dir: string;
  /** The first segment to write (one past the last existing). */
  readonly firstSegment: number;
  /** Segment size that triggers rotation (128 MiB by default). */
  readonly segmentBytes?: number;
  /** Queued bytes beyond which commits wait (16 MiB by default). */
  readonly highWaterBytes?: number;
  readonly openFile?: OpenWalFile;
  /** Called with every fsync's duration in seconds. */
  readonly onFsync?: (seconds: number) => void;
}

interface Queued {
  readonly bytes: Uint8Array | undefined;
  /** A control operation (segment cut, close) instead of bytes. */
  readonly control?: () => Promise<void>;
  readonly onWritten: () => void;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

interface Waiter {
  readonly encode: () => Uint8Array;
  readonly onWritten: () => void;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** Largest single write: several commits' records, concatenated. */
const MAX_WRITE_BYTES = 8 * 1024 * 1024;

/** The single writer of the WAL segments (group commit, high-water mark). */
export class WalWriter implements CommitLog {
  private readonly segmentBytes: number;
  private readonly highWaterBytes: number;
  private readonly openFile: OpenWalFile;
  private readonly queue: Queued[] = [];
  private readonly waiting: Waiter[] = [];
  private file: WalFile | undefined;
  private segmentSize = 0;
  private writing = false;
  private failure: Error | undefined;
  private closed = false;
  /** The segment being written. */
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

  constructor(private readonly options: WalWriterOptions) {
    this.segment = options.firstSegment;
    this.segmentBytes = options.segmentBytes ?? 128 * 1024 * 1024;
    this.highWaterBytes = options.highWaterBytes ?? 16 * 1024 * 1024;
    this.openFile = options.openFile ?? openFsWalFile;
  }

  /** Creates the directory and opens the first segment. */
  async start(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    this.file = await this.openFile(join(this.options.dir, segmentName(this.segment)));
  }

  submit(encode: () => Uint8Array, onWritten: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
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
   * Closes the current segment (fsynced) once everything queued before is written, and starts
   * the next. Resolves with the index of the closed segment.
   */
  cut(): Promise<number> {
    let closedSegment = -1;
    return this.control(async () => {
      closedSegment = this.segment;
      await this.rotate();
    }).then(() => closedSegment);
  }

  /** Writes everything queued, fsyncs and closes the segment; later commits fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    // Commits still waiting for room are queued ahead of the close.
    await this.control(async () => {
      this.closed = true;
      if (this.file !== undefined) {
        await this.sync(this.file);
        await this.file.close();
        this.file = undefined;
      }
    });
  }

  private control(op: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.admitWaiting(Infinity);
      this.queue.push({ bytes: undefined, control: op, onWritten: () => {}, resolve, reject });
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

  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const first = this.queue[0]!;
        if (first.control !== undefined) {
          this.queue.shift();
          try {
            await first.control();
          } catch (e) {
            first.reject(e as Error);
            throw e;
          }
          first.resolve();
          continue;
        }
        const batch: Queued[] = [];
        let bytes = 0;
        while (this.queue.length > 0 && this.queue[0]!.control === undefined && (batch.length === 0 || bytes + this.queue[0]!.bytes!.length <= MAX_WRITE_BYTES)) {
          const q = this.queue.shift()!;
          batch.push(q);
          bytes += q.bytes!.length;
        }
        await this.writeBatch(batch, bytes);
        this.queuedBytes -= bytes;
        this.admitWaiting(this.highWaterBytes);
      }
    } catch (e) {
      this.fail(e as Error);
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Queued[], bytes: number): Promise<void> {
    const data = batch.map((q) => q.bytes!);
    try {
      if (this.segmentSize > 0 && this.segmentSize + bytes > this.segmentBytes) await this.rotate();
      if (this.file === undefined) throw new Error('WAL is not open');
      await this.file.write(data);
    } catch (e) {
      for (const q of batch) q.reject(e as Error);
      throw e;
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

  private async rotate(): Promise<void> {
    if (this.file !== undefined) {
      await this.sync(this.file);
      await this.file.close();
    }
    this.segment++;
    this.segmentSize = 0;
    this.file = await this.openFile(join(this.options.dir, segmentName(this.segment)));
  }

  private async sync(file: WalFile): Promise<void> {
    const start = performance.now();
    await file.sync();
    this.options.onFsync?.((performance.now() - start) / 1000);
  }

  private fail(e: Error): void {
    this.failure = e;
    for (const q of this.queue.splice(0)) q.reject(e);
    for (const w of this.waiting.splice(0)) w.reject(e);
    this.queuedBytes = 0;
  }

  /** The error that stopped the writer, if any. */
  get error(): Error | undefined {
    return this.failure;
  }
}
