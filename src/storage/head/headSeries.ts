/**
 * One series in the head: its labels, its open chunk and its closed chunks, which live in the
 * arena of their partition and are described here by four numbers each. The series *is* its open
 * chunk's encoder (a subclass writing into a slab slot): one object per series keeps appends to
 * 100k series from chasing three pointers each.
 */
import type { Labels } from '../../model/labels.js';
import type { SampleBuffer } from '../chunks/sampleBuffer.js';
import { decodeXorChunk } from '../chunks/xorChunkDecoder.js';
import { SAMPLES_PER_CHUNK, XorChunkEncoder } from '../chunks/xorChunkEncoder.js';
import type { ChunkArena } from './chunkArena.js';
import type { OpenChunkSlab } from './openChunkSlab.js';

/** What appending one sample to a series did. */
export const AppendOutcome = {
  Appended: 0,
  OutOfOrder: 1,
  /** Same timestamp, different value: rejected. */
  Duplicate: 2,
  /** The newest sample again, bit for bit: accepted and ignored, as Prometheus does. */
  Repeated: 3,
} as const;
export type AppendOutcome = (typeof AppendOutcome)[keyof typeof AppendOutcome];

/** Where the closed chunks of a partition are stored. */
export interface ArenaSource {
  readonly slab: OpenChunkSlab;
  arenaFor(partition: number): ChunkArena;
  /** Notes that a partition now holds head data. */
  partitionUsed(partition: number): void;
  readonly partitionMs: number;
}

/** One chunk of a series, decoded lazily by whoever holds it. */
export interface ChunkView {
  readonly minT: number;
  readonly maxT: number;
  readonly count: number;
  readonly bytes: Uint8Array;
}

/** Closed-chunk fields, four numbers per chunk. */
const STRIDE = 4;

/** A head series, which is also the encoder of its open chunk. */
export class HeadSeries extends XorChunkEncoder {
  /** Closed chunks, oldest first: minT, maxT, arena address, byteLength * 256 + count. */
  closed: number[] = [];
  /** Whether a series record of it was written to the WAL (until then every commit of it logs one). */
  logged = false;
  /** Set once garbage collection dropped the series from the head. */
  removed = false;
  private slotAddress = -1;

  constructor(
    readonly ref: number,
    readonly labels: Labels,
    readonly hash: number,
    private readonly slab: OpenChunkSlab,
  ) {
    super();
  }

  /** Whether the series holds no samples at all. */
  get empty(): boolean {
    return this.closed.length === 0 && this.count === 0;
  }

  /** Number of chunks held, the open one included. */
  get chunkCount(): number {
    return this.closed.length / STRIDE + (this.count > 0 ? 1 : 0);
  }

  /** The oldest sample time held, or Infinity when empty. */
  get minTime(): number {
    if (this.closed.length > 0) return this.closed[0]!;
    return this.count > 0 ? this.minT : Infinity;
  }

  /** Appends a committed sample (value as bit words), cutting a chunk at 120 samples or a partition boundary. */
  appendSample(t: number, high: number, low: number, arenas: ArenaSource): AppendOutcome {
    if (t <= this.maxT) {
      if (t < this.maxT) return AppendOutcome.OutOfOrder;
      return (high | 0) === this.prevHigh && (low | 0) === this.prevLow ? AppendOutcome.Repeated : AppendOutcome.Duplicate;
    }
    const pms = arenas.partitionMs;
    if (this.count > 0 && (this.count >= SAMPLES_PER_CHUNK || Math.floor(t / pms) !== Math.floor(this.minT / pms))) {
      this.closeOpenChunk(arenas);
    }
    if (this.count === 0) arenas.partitionUsed(Math.floor(t / pms) * pms);
    this.appendBits(t, high, low);
    return AppendOutcome.Appended;
  }

  /** Moves the open chunk's bytes into its partition's arena and starts an empty one. */
  closeOpenChunk(arenas: ArenaSource): void {
    if (this.count === 0) return;
    const length = this.byteLength;
    const arena = arenas.arenaFor(Math.floor(this.minT / arenas.partitionMs) * arenas.partitionMs);
    this.closed.push(this.minT, this.maxT, arena.store(this.buf.subarray(this.base), length), length * 256 + this.count);
    this.reset();
  }

  /** Gives the open chunk's slot back to the slab (the series is being dropped). */
  releaseSlot(): void {
    if (this.slotAddress < 0) return;
    this.reset();
    this.slab.release(this.slotAddress, this.cap);
    this.slotAddress = -1;
    this.cap = 0;
  }

  protected override grow(bytes: number): void {
    const slot = this.slab.alloc(Math.max(bytes, this.cap * 2));
    const length = this.byteLength;
    slot.page.set(this.buf.subarray(this.base, this.base + length), slot.offset);
    if (this.slotAddress >= 0) {
      this.buf.fill(0, this.base, this.base + length);
      this.slab.release(this.slotAddress, this.cap);
    }
    this.buf = slot.page;
    this.base = slot.offset;
    this.cap = slot.bytes;
    this.slotAddress = slot.address;
  }

  /** The chunks overlapping [mint, maxt] (views into arenas and the open buffer: decode right away). */
  chunks(mint: number, maxt: number, arenas: ArenaSource): ChunkView[] {
    const out: ChunkView[] = [];
    const c = this.closed;
    for (let i = 0; i < c.length; i += STRIDE) {
      const minT = c[i]!;
      const maxT = c[i + 1]!;
      if (maxT < mint || minT > maxt) continue;
      const packed = c[i + 3]!;
      const length = Math.floor(packed / 256);
      const bytes = arenas.arenaFor(Math.floor(minT / arenas.partitionMs) * arenas.partitionMs).view(c[i + 2]!, length);
      out.push({ minT, maxT, count: packed % 256, bytes });
    }
    if (this.count > 0 && this.maxT >= mint && this.minT <= maxt) {
      out.push({ minT: this.minT, maxT: this.maxT, count: this.count, bytes: this.bytes });
    }
    return out;
  }

  /** Decodes the samples in [mint, maxt] into `out`; returns how many were added. */
  decode(mint: number, maxt: number, arenas: ArenaSource, out: SampleBuffer): number {
    let n = 0;
    for (const chunk of this.chunks(mint, maxt, arenas)) n += decodeXorChunk(chunk.bytes, chunk.minT, chunk.count, out, mint, maxt);
    return n;
  }

  /** Upper bound of the samples in [mint, maxt], for sizing buffers. */
  countIn(mint: number, maxt: number): number {
    let n = 0;
    const c = this.closed;
    for (let i = 0; i < c.length; i += STRIDE) if (c[i + 1]! >= mint && c[i]! <= maxt) n += c[i + 3]! % 256;
    if (this.count > 0 && this.maxT >= mint && this.minT <= maxt) n += this.count;
    return n;
  }

  /** Forgets the closed chunks that start before `before` (their partition went to disk). */
  dropChunksBefore(before: number): void {
    let i = 0;
    while (i < this.closed.length && this.closed[i]! < before) i += STRIDE;
    if (i > 0) this.closed = this.closed.slice(i);
  }
}
