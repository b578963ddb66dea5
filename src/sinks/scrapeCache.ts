/**
 * A target's scrape cache: the raw series text of an exposition line mapped to its storage ref
 * (or to "dropped by metric relabeling"), so that a steady-state scrape neither re-parses nor
 * re-relabels labels; and the refs of the last scrape, for staleness markers.
 */
import type { SeriesRef } from '../model/storage.js';

/** Marks a series text whose labels metric_relabel_configs drop. */
export const DROPPED: SeriesRef = -1;

/** What a target's TYPE/HELP/UNIT lines say about one metric family. */
export interface FamilyMetadata {
  type: string;
  help: string;
  unit: string;
}

/**
 * A copy of a string that does not share memory with the string it was cut from. A parser's
 * series key is a slice of the whole scrape body; cached as is, it would keep every body alive.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

export class ScrapeCache {
  private readonly refs = new Map<string, SeriesRef>();
  /** Metric family name → its metadata, as the target last exposed it. */
  readonly metadata = new Map<string, FamilyMetadata>();
  /** Every series appended in the current scrape, for the duplicate check. */
  private seenNow = new Set<SeriesRef>();
  /** The series of the current and the previous scrape that staleness applies to. */
  private trackedNow = new Set<SeriesRef>();
  private trackedLast = new Set<SeriesRef>();

  /** The cached ref (or DROPPED) for a series text, undefined on a miss. */
  get(seriesText: string): SeriesRef | undefined {
    return this.refs.get(seriesText);
  }

  set(seriesText: string, ref: SeriesRef): void {
    if (this.refs.has(seriesText)) this.refs.set(seriesText, ref);
    else this.refs.set(detached(seriesText), ref);
  }

  /** Records one field of a family's metadata (from a TYPE, HELP or UNIT line). */
  setMetadata(family: string, field: keyof FamilyMetadata, value: string): void {
    let entry = this.metadata.get(family);
    if (!entry) this.metadata.set(detached(family), (entry = { type: 'unknown', help: '', unit: '' }));
    entry[field] = field === 'help' ? detached(value) : value;
  }

  /** Forgets a series text whose cached ref storage no longer accepts. */
  delete(seriesText: string): void {
    this.refs.delete(seriesText);
  }

  /**
   * Notes that a series was appended in the current scrape. Only tracked series get staleness
   * markers when they vanish: Prometheus leaves alone series exposed with explicit timestamps.
   */
  markSeen(ref: SeriesRef, trackStaleness: boolean): void {
    this.seenNow.add(ref);
    if (trackStaleness) this.trackedNow.add(ref);
  }

  /** Whether a series was already appended in the current scrape (duplicate lines). */
  seenInThisScrape(ref: SeriesRef): boolean {
    return this.seenNow.has(ref);
  }

  /** Tracked refs of the previous scrape that this one lacked: they get staleness markers. */
  vanished(): SeriesRef[] {
    const out: SeriesRef[] = [];
    for (const ref of this.trackedLast) if (!this.seenNow.has(ref)) out.push(ref);
    return out;
  }

  /** Ends a scrape: what was seen now becomes "the previous scrape". */
  endScrape(): void {
    this.trackedLast = this.trackedNow;
    this.trackedNow = new Set();
    this.seenNow = new Set();
  }

  /** Abandons the current scrape's bookkeeping (after a rollback). */
  abortScrape(): void {
    this.seenNow = new Set();
    this.trackedNow = new Set();
  }
}
