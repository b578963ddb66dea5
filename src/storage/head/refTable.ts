/**
 * Series by ref in pages of 4096 slots: an array index instead of a hash lookup on the append
 * path (refs are handed out densely), with empty pages freed so that series churn over months
 * does not grow the table without bound.
 */
import type { HeadSeries } from './headSeries.js';

const PAGE_BITS = 12;
const PAGE_SIZE = 1 << PAGE_BITS;

interface Page {
  readonly slots: Array<HeadSeries | undefined>;
  used: number;
}

/** Head series by ref, in pages. */
export class RefTable {
  private readonly pages: Array<Page | undefined> = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(ref: number): HeadSeries | undefined {
    const page = this.pages[ref >>> PAGE_BITS];
    return page === undefined ? undefined : page.slots[ref & (PAGE_SIZE - 1)];
  }

  set(ref: number, series: HeadSeries): void {
    const index = ref >>> PAGE_BITS;
    while (this.pages.length <= index) this.pages.push(undefined);
    let page = this.pages[index];
    if (page === undefined) {
      page = { slots: new Array<HeadSeries | undefined>(PAGE_SIZE).fill(undefined), used: 0 };
      this.pages[index] = page;
    }
    const slot = ref & (PAGE_SIZE - 1);
    if (page.slots[slot] === undefined) {
      page.used++;
      this.count++;
    }
    page.slots[slot] = series;
  }

  delete(ref: number): void {
    const index = ref >>> PAGE_BITS;
    const page = this.pages[index];
    const slot = ref & (PAGE_SIZE - 1);
    if (page === undefined || page.slots[slot] === undefined) return;
    page.slots[slot] = undefined;
    page.used--;
    this.count--;
    if (page.used === 0) this.pages[index] = undefined;
  }

  /** Every series, in ref order. */
  *values(): IterableIterator<HeadSeries> {
    for (const page of this.pages) {
      if (page === undefined) continue;
      for (const s of page.slots) if (s !== undefined) yield s;
    }
  }
}
