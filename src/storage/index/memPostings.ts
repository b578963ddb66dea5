/** The head's postings index: for each label name and value, the sorted refs of the series carrying it. */
import type { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import { RefList } from './refList.js';
import { selectPostings, type PostingsReader } from './selectPostings.js';

/** The in-memory postings index of the head. */
export class MemPostings implements PostingsReader {
  private readonly byName = new Map<string, Map<string, RefList>>();
  private readonly allRefs = new RefList(64);

  /** Indexes a series. */
  add(ref: number, labels: Labels): void {
    this.allRefs.push(ref);
    for (let i = 0; i < labels.size; i++) {
      const name = labels.names[i]!;
      let values = this.byName.get(name);
      if (values === undefined) this.byName.set(name, (values = new Map()));
      const value = labels.values[i]!;
      let refs = values.get(value);
      if (refs === undefined) values.set(value, (refs = new RefList(1)));
      refs.push(ref);
    }
  }

  /** Removes series (after garbage collection), dropping labels and values left without series. */
  remove(refs: ReadonlySet<number>): void {
    if (refs.size === 0) return;
    const keep = (r: number): boolean => !refs.has(r);
    this.allRefs.retain(keep);
    for (const [name, values] of this.byName) {
      for (const [value, list] of values) {
        list.retain(keep);
        if (list.length === 0) values.delete(value);
      }
      if (values.size === 0) this.byName.delete(name);
    }
  }

  get(name: string, value: string): Uint32Array | undefined {
    return this.byName.get(name)?.get(value)?.view();
  }

  *valuesWithPrefix(name: string, prefix: string): Iterable<string> {
    const values = this.byName.get(name);
    if (values === undefined) return;
    for (const v of values.keys()) if (v.startsWith(prefix)) yield v;
  }

  all(): Uint32Array {
    return this.allRefs.view();
  }

  /** Sorted refs of the series matching every matcher (a view: use before the index changes). */
  select(matchers: readonly Matcher[]): Uint32Array {
    return selectPostings(matchers, this);
  }

  /** Every label name, unsorted. */
  labelNames(): IterableIterator<string> {
    return this.byName.keys();
  }

  /** The values of a label with their series counts. */
  valueCounts(name: string): Array<[string, number]> {
    const values = this.byName.get(name);
    return values ? [...values].map(([v, l]) => [v, l.length]) : [];
  }

  /** Per label name: how many distinct values it has. */
  valueCountsByName(): Array<[string, number]> {
    return [...this.byName].map(([n, values]) => [n, values.size]);
  }

  /** Per label name: the bytes of its distinct values (UTF-16 length as an estimate). */
  valueBytesByName(): Array<[string, number]> {
    return [...this.byName].map(([n, values]) => {
      let bytes = 0;
      for (const v of values.keys()) bytes += v.length;
      return [n, bytes];
    });
  }

  /** Series counts of every label pair. */
  pairCounts(): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    for (const [n, values] of this.byName) for (const [v, l] of values) out.push([`${n}=${v}`, l.length]);
    return out;
  }
}
