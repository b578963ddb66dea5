/** Postings a query fetched from a partition (cached or read), as a PostingsReader for `selectPlanned`. */
import type { PostingsReader } from '../index/selectPostings.js';

const NO_REFS = new Uint32Array(0);

/** The postings lists one selection needs, by label name and value. */
export class FetchedPostings implements PostingsReader {
  private readonly lists = new Map<string, Map<string, Uint32Array>>();
  private allRefs: Uint32Array = NO_REFS;

  /** Records the postings of name=value; name '' stands for every series. */
  set(name: string, value: string, refs: Uint32Array): void {
    if (name === '') {
      this.allRefs = refs;
      return;
    }
    let values = this.lists.get(name);
    if (values === undefined) this.lists.set(name, (values = new Map()));
    values.set(value, refs);
  }

  get(name: string, value: string): Uint32Array | undefined {
    return this.lists.get(name)?.get(value);
  }

  *valuesWithPrefix(name: string, prefix: string): Iterable<string> {
    const values = this.lists.get(name);
    if (values !== undefined) for (const v of values.keys()) if (v.startsWith(prefix)) yield v;
  }

  all(): Uint32Array {
    return this.allRefs;
  }
}
