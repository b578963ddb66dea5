/**
 * The head's series by ref and by label set. Label sets are found by a 32-bit hash (collisions
 * kept in small lists) rather than by their canonical string, which would cost a long string per
 * series; label strings are interned and copied flat, because a scrape parser's strings are
 * slices that would otherwise keep whole scrape bodies alive.
 */
import { Labels } from '../../model/labels.js';
import { HeadSeries } from './headSeries.js';
import type { OpenChunkSlab } from './openChunkSlab.js';
import { RefTable } from './refTable.js';

/** FNV-1a over names and values with separators. */
export function hashLabels(labels: Labels): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < labels.size; i++) {
    const n = labels.names[i]!;
    for (let j = 0; j < n.length; j++) h = Math.imul(h ^ n.charCodeAt(j), 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193);
    const v = labels.values[i]!;
    for (let j = 0; j < v.length; j++) h = Math.imul(h ^ v.charCodeAt(j), 0x01000193);
    h = Math.imul(h ^ 0xfe, 0x01000193);
  }
  return h >>> 0;
}

function sameLabels(a: Labels, b: Labels): boolean {
  if (a.size !== b.size) return false;
  for (let i = 0; i < a.size; i++) if (a.names[i] !== b.names[i] || a.values[i] !== b.values[i]) return false;
  return true;
}

/** The head series by ref and by label set, with interned label strings. */
export class SeriesRegistry {
  readonly byRef = new RefTable();
  private readonly byHash = new Map<number, HeadSeries | HeadSeries[]>();
  private symbols = new Map<string, string>();

  constructor(private readonly slab: OpenChunkSlab) {}

  get size(): number {
    return this.byRef.size;
  }

  /** The series with exactly these labels, if held. */
  find(labels: Labels, hash = hashLabels(labels)): HeadSeries | undefined {
    const hit = this.byHash.get(hash);
    if (hit === undefined) return undefined;
    if (!Array.isArray(hit)) return sameLabels(hit.labels, labels) ? hit : undefined;
    return hit.find((s) => sameLabels(s.labels, labels));
  }

  /** Adds a new series with the given ref; its labels are interned. */
  add(ref: number, labels: Labels, hash = hashLabels(labels)): HeadSeries {
    const names = labels.names.map((n) => this.intern(n));
    const values = labels.values.map((v) => this.intern(v));
    const series = new HeadSeries(ref, Labels.fromPairs(names, values), hash, this.slab);
    this.byRef.set(ref, series);
    const hit = this.byHash.get(hash);
    if (hit === undefined) this.byHash.set(hash, series);
    else if (Array.isArray(hit)) hit.push(series);
    else this.byHash.set(hash, [hit, series]);
    return series;
  }

  /** Removes a series from both maps. */
  delete(series: HeadSeries): void {
    this.byRef.delete(series.ref);
    const hit = this.byHash.get(series.hash);
    if (hit === series) this.byHash.delete(series.hash);
    else if (Array.isArray(hit)) {
      const rest = hit.filter((s) => s !== series);
      if (rest.length === 0) this.byHash.delete(series.hash);
      else this.byHash.set(series.hash, rest.length === 1 ? rest[0]! : rest);
    }
  }

  /** Rebuilds the symbol table from the live series, so that strings of removed series are freed. */
  compactSymbols(): void {
    const symbols = new Map<string, string>();
    for (const s of this.byRef.values()) {
      for (const n of s.labels.names) symbols.set(n, n);
      for (const v of s.labels.values) symbols.set(v, v);
    }
    this.symbols = symbols;
  }

  private intern(s: string): string {
    let interned = this.symbols.get(s);
    if (interned === undefined) {
      // Short strings are copied by V8 anyway; longer ones may be slices of a scrape body.
      interned = s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
      this.symbols.set(interned, interned);
    }
    return interned;
  }
}
