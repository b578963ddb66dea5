/**
 * Storage for the closed chunks of one head partition: chunk bytes packed into shared pages, so
 * that a closed chunk costs its bytes and a few numbers, not a typed array object of its own; the
 * whole arena is dropped at once when its partition is flushed to disk.
 */

const MAX_PAGE_BYTES = 1 << 20;
const FIRST_PAGE_BYTES = 4096;

/** Page bytes per page index: small pages first, so a small head stays small. */
function pageSize(index: number): number {
  return Math.min(MAX_PAGE_BYTES, FIRST_PAGE_BYTES << Math.min(index, 8));
}

/** The closed-chunk bytes of one head partition, packed into pages. */
export class ChunkArena {
  private readonly pages: Uint8Array[] = [];
  private used = 0;
  /** Bytes of pages allocated. */
  allocatedBytes = 0;

  /** Copies the first `length` bytes of `bytes` in (length is at most a chunk, far below a page) and returns their address. */
  store(bytes: Uint8Array, length: number): number {
    let index = this.pages.length - 1;
    if (index < 0 || this.used + length > this.pages[index]!.length) {
      index++;
      const page = new Uint8Array(pageSize(index));
      this.pages.push(page);
      this.allocatedBytes += page.length;
      this.used = 0;
    }
    this.pages[index]!.set(bytes.subarray(0, length), this.used);
    const address = index * MAX_PAGE_BYTES + this.used;
    this.used += length;
    return address;
  }

  /** The bytes stored at an address (a view, valid while the arena lives). */
  view(address: number, length: number): Uint8Array {
    const index = Math.floor(address / MAX_PAGE_BYTES);
    const offset = address - index * MAX_PAGE_BYTES;
    return this.pages[index]!.subarray(offset, offset + length);
  }
}
