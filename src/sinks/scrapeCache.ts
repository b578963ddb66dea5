/**
 * A target's scrape cache, like the one Prometheus keeps per scrape loop: the raw series text of
 * an exposition line mapped to its storage ref (or to "dropped by metric relabeling"), so that a
 * steady-state scrape neither re-parses, re-relabels nor re-hashes labels; and which series the
 * current and the previous scrape appended, for duplicates and staleness markers.
 *
 * Exporters write their series in the same order on every scrape, so a lookup first compares the
 * text with the entry that stood at the same place in the previous scrape: one string comparison
 * instead of hashing the text. Only a line that breaks the order is looked up by its text. The
 * same guess, handed to the parser beforehand, lets it compare the line instead of scanning its
 * label block.
 */
import type { ExpositionFormat } from '../lang/exposition/expositionParser.js';
import type { SeriesRef } from '../model/storage.js';

/** What a target's TYPE/HELP/UNIT lines say about one metric family. */
export interface FamilyMetadata {
  type: string;
  help: string;
  unit: string;
}

/** A series of the target as storage knows it, shared by every text that names it. */
export interface CachedSeries {
  readonly ref: SeriesRef;
  /** The appending round (see ScrapeCache) that last appended a sample to it. */
  appendedIn: number;
  /** The round that last appended to it with staleness tracking. */
  trackedIn: number;
}

/** One series text the target exposes. */
export interface CacheEntry {
  readonly key: string;
  /** The series, or null when metric relabeling drops the text's labels. */
  series: CachedSeries | null;
  /** The scrape that last saw the text, and its place among that scrape's series lines. */
  lastSeen: number;
  position: number;
  /** False once evicted or removed: the order of a past scrape may still point at it. */
  live: boolean;
}

/**
 * A copy of a string that does not share memory with the string it was cut from. A parser's
 * series key is a slice of the whole scrape body; cached as is, it would keep every body alive.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Prometheus flushes after failed scrapes too once the cache doubled (plus this) since the last success. */
const FORCED_FLUSH_SLACK = 1000;

export class ScrapeCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** Series by ref, so that two texts of one series (labels in another order) share their state. */
  private seriesByRef = new Map<SeriesRef, CachedSeries>();
  /** Metric family name → its metadata, as the target last exposed it. */
  readonly metadata = new Map<string, FamilyMetadata>();

  /** Counts scrapes; `CacheEntry.lastSeen` refers to it. */
  private iteration = 1;
  /** Counts appending rounds: a new one starts with each scrape and when a scrape is abandoned. */
  private round = 1;
  private aborted = false;
  /** Distinct entries the current scrape saw, to skip the eviction sweep when it saw them all. */
  private seenDistinct = 0;
  /** Entries that disappeared from the map since `seriesByRef` was last rebuilt. */
  private removedSinceRebuild = false;
  private successfulSize = 0;

  /**
   * The entries of the last completed scrape in exposition order, and the current scrape's so
   * far. These arrays (and the tracked lists below) are refilled in place, never emptied: an
   * array allocated anew each scrape lives until the next one, long enough to be promoted to the
   * old generation, and its garbage would then cost full garbage collections.
   */
  private previousOrder: CacheEntry[] = [];
  private previousLength = 0;
  private previousIteration = 0;
  private currentOrder: CacheEntry[] = [];
  private currentLength = 0;
  /** Where in `previousOrder` the next line is expected. */
  private cursor = 0;
  /** The format of the bodies the previous order and the current one come from. */
  private previousFormat: ExpositionFormat | undefined = undefined;
  private currentFormat: ExpositionFormat | undefined = undefined;

  /** The series of the previous and the current scrape that staleness applies to. */
  private trackedLast: CachedSeries[] = [];
  private trackedLastLength = 0;
  private trackedNow: CachedSeries[] = [];
  private trackedNowLength = 0;

  /** Starts appending a body in the given format (its parser only takes guesses from that format). */
  beginScrape(format: ExpositionFormat): void {
    this.currentFormat = format;
  }

  /** The series text the next series line most likely has, for the parser's `expectSeries`. */
  expectedText(): string | undefined {
    if (this.currentFormat !== this.previousFormat) return undefined;
    const predicted = this.predicted();
    return predicted !== undefined && predicted.live ? predicted.key : undefined;
  }

  /** The entry for a series text (marked as seen), or undefined on a miss: then `add` it. */
  find(seriesText: string): CacheEntry | undefined {
    const predicted = this.predicted();
    const entry = predicted !== undefined && predicted.key === seriesText && predicted.live ? predicted : this.entries.get(seriesText);
    if (entry !== undefined) this.see(entry);
    return entry;
  }

  /** Caches a series text on its first sight with the ref storage gave it; returns its series. */
  add(seriesText: string, ref: SeriesRef): CachedSeries {
    const series = this.seriesFor(ref);
    this.insert(seriesText, series);
    return series;
  }

  /** Caches a series text whose labels metric relabeling drops. */
  addDropped(seriesText: string): void {
    this.insert(seriesText, null);
  }

  /** Points a cached text at another ref (storage handed out a different one); returns its series. */
  rebind(entry: CacheEntry, ref: SeriesRef): CachedSeries {
    const series = this.seriesFor(ref);
    entry.series = series;
    return series;
  }

  /** Forgets a series text whose cached ref storage no longer accepts. */
  remove(entry: CacheEntry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    if (entry.live && entry.lastSeen === this.iteration) this.seenDistinct--;
    entry.live = false;
    this.removedSinceRebuild = true;
  }

  /** Records one field of a family's metadata (from a TYPE, HELP or UNIT line). */
  setMetadata(family: string, field: keyof FamilyMetadata, value: string): void {
    let entry = this.metadata.get(family);
    if (!entry) this.metadata.set(detached(family), (entry = { type: 'unknown', help: '', unit: '' }));
    // Unchanged text is the rule: copying it on every scrape would only make garbage.
    if (entry[field] !== value) entry[field] = field === 'help' ? detached(value) : value;
  }

  /** Whether a series was already appended in the current scrape (duplicate lines). */
  appendedNow(series: CachedSeries): boolean {
    return series.appendedIn === this.round;
  }

  /**
   * Notes that a series was appended in the current scrape. Only tracked series get staleness
   * markers when they vanish: Prometheus leaves alone series exposed with explicit timestamps.
   */
  markAppended(series: CachedSeries, trackStaleness: boolean): void {
    series.appendedIn = this.round;
    if (trackStaleness && series.trackedIn !== this.round) {
      series.trackedIn = this.round;
      this.trackedNow[this.trackedNowLength++] = series;
    }
  }

  /** Tracked refs of the previous scrape that this one lacked: they get staleness markers. */
  vanished(): SeriesRef[] {
    const out: SeriesRef[] = [];
    for (let i = 0; i < this.trackedLastLength; i++) {
      const series = this.trackedLast[i]!;
      if (series.appendedIn !== this.round) out.push(series.ref);
    }
    return out;
  }

  /**
   * Ends a scrape: what was appended now becomes "the previous scrape". After a successful
   * scrape, texts it did not expose are forgotten, as Prometheus's cache does (series churn
   * would grow it without bound otherwise).
   */
  endScrape(): void {
    const size = this.entries.size;
    if (!this.aborted) this.successfulSize = size;
    if ((!this.aborted || size > this.successfulSize * 2 + FORCED_FLUSH_SLACK) && this.seenDistinct < size) this.evictUnseen();
    if (this.removedSinceRebuild) this.rebuildSeriesByRef();
    if (!this.aborted) {
      const order = this.previousOrder;
      this.previousOrder = this.currentOrder;
      this.previousLength = this.currentLength;
      this.previousIteration = this.iteration;
      this.previousFormat = this.currentFormat;
      this.currentOrder = order;
    }
    this.currentLength = 0;
    const tracked = this.trackedLast;
    this.trackedLast = this.trackedNow;
    this.trackedLastLength = this.trackedNowLength;
    this.trackedNow = tracked;
    this.trackedNowLength = 0;
    this.iteration++;
    this.round++;
    this.aborted = false;
    this.seenDistinct = 0;
    this.cursor = 0;
  }

  /** Abandons the current scrape's appends (after a rollback): it counts as an empty scrape. */
  abortScrape(): void {
    this.aborted = true;
    this.round++;
    this.trackedNowLength = 0;
  }

  private insert(seriesText: string, series: CachedSeries | null): void {
    const entry: CacheEntry = { key: detached(seriesText), series, lastSeen: -1, position: -1, live: true };
    this.entries.set(entry.key, entry);
    this.see(entry);
  }

  private see(entry: CacheEntry): void {
    if (entry.lastSeen !== this.iteration) {
      // The next line most likely follows this one as it did in the previous scrape.
      if (entry.lastSeen === this.previousIteration) this.cursor = entry.position + 1;
      entry.lastSeen = this.iteration;
      this.seenDistinct++;
    }
    entry.position = this.currentLength;
    this.currentOrder[this.currentLength++] = entry;
  }

  private predicted(): CacheEntry | undefined {
    return this.cursor < this.previousLength ? this.previousOrder[this.cursor] : undefined;
  }

  private seriesFor(ref: SeriesRef): CachedSeries {
    let series = this.seriesByRef.get(ref);
    if (series === undefined) this.seriesByRef.set(ref, (series = { ref, appendedIn: 0, trackedIn: 0 }));
    return series;
  }

  private evictUnseen(): void {
    for (const [key, entry] of this.entries) {
      if (entry.lastSeen === this.iteration) continue;
      this.entries.delete(key);
      entry.live = false;
      this.removedSinceRebuild = true;
    }
  }

  private rebuildSeriesByRef(): void {
    const byRef = new Map<SeriesRef, CachedSeries>();
    for (const entry of this.entries.values()) if (entry.series !== null) byRef.set(entry.series.ref, entry.series);
    this.seriesByRef = byRef;
    this.removedSinceRebuild = false;
  }
}
