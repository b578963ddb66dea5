/**
 * Byte slots for the head's open chunks, carved out of shared pages by size class (64 bytes up to
 * 4 KiB). A typed array per series would cost an object, an external backing store and a GC
 * tracking entry each; with 100k series that made appends several times slower. A chunk that
 * outgrows its slot moves to the next class.
 */

/** Smallest slot: a chunk of a few samples. */
export const MIN_SLOT_BYTES = 64;
/** Largest slot: 120 samples of incompressible values fit with room to spare. */
export const MAX_SLOT_BYTES = 4096;
const PAGE_BYTES = 1 << 18;

class SizeClass {
  readonly pages: Uint8Array[] = [];
  private readonly free: number[] = [];
  private used = PAGE_BYTES;

  constructor(readonly slotBytes: number) {}

  /** Allocates a zeroed slot: [page index, offset]. */
  alloc(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used + this.slotBytes > PAGE_BYTES) {
      this.pages.push(new Uint8Array(PAGE_BYTES));
      this.used = 0;
    }
    const address = (this.pages.length - 1) * PAGE_BYTES + this.used;
    this.used += this.slotBytes;
    return address;
  }

  /** Returns a slot; the caller has zeroed the bytes it wrote. */
  release(address: number): void {
    this.free.push(address);
  }
}

/** A slot handed out by the slab. */
export interface Slot {
  readonly page: Uint8Array;
  readonly offset: number;
  readonly address: number;
  readonly bytes: number;
}

/** Size-classed byte slots for open chunks. */
export class OpenChunkSlab {
  private readonly classes: SizeClass[] = [];

  constructor() {
    for (let size = MIN_SLOT_BYTES; size <= MAX_SLOT_BYTES; size *= 2) this.classes.push(new SizeClass(size));
  }

  /** A zeroed slot of at least `bytes` bytes (at most MAX_SLOT_BYTES). */
  alloc(bytes: number): Slot {
    const cls = this.classes[classIndex(bytes)]!;
    const address = cls.alloc();
    const pageIndex = Math.floor(address / PAGE_BYTES);
    return { page: cls.pages[pageIndex]!, offset: address - pageIndex * PAGE_BYTES, address, bytes: cls.slotBytes };
  }

  /** Frees a slot whose written bytes the caller has zeroed. */
  release(address: number, bytes: number): void {
    this.classes[classIndex(bytes)]!.release(address);
  }

  /** Bytes of pages allocated, for memory accounting. */
  get allocatedBytes(): number {
    let n = 0;
    for (const c of this.classes) n += c.pages.length * PAGE_BYTES;
    return n;
  }
}

function classIndex(bytes: number): number {
  let i = 0;
  for (let size = MIN_SLOT_BYTES; size < bytes; size *= 2) i++;
  if (i >= 7) throw new RangeError(`open chunk of ${bytes} bytes exceeds the largest slot`);
  return i;
}
