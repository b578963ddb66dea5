/**
 * A test group's `input_series`, expanded from series notation into samples and fed to the test
 * storage progressively: like promtool's lazy loader, only the samples up to the evaluation
 * being run are stored, so a rule never sees input from its future.
 */
import { parseSeriesLine, type SequenceValue } from '../lang/seriesNotation.js';
import type { Labels } from '../model/labels.js';
import { STALE_NAN } from '../model/staleness.js';
import type { Appendable } from '../model/storage.js';
import type { InputSeries } from './testRulesFile.js';

interface InputSample {
  readonly labels: Labels;
  readonly t: number;
  /** A staleness marker is kept as a flag: V8 may canonicalise a NaN held in arrays and objects. */
  readonly stale: boolean;
  readonly v: number;
}

/** The input samples of a test group, handed to storage in time order. */
export class InputSeriesLoader {
  private next = 0;

  private constructor(private readonly samples: readonly InputSample[]) {}

  /**
   * Expands the series (slot k at `startMs + k * intervalMs`); throws an Error naming the bad
   * line. A later line for the same series replaces an earlier one, as in a `load` block.
   */
  static parse(series: readonly InputSeries[], startMs: number, intervalMs: number): InputSeriesLoader {
    const bySeries = new Map<string, { labels: Labels; values: readonly SequenceValue[] }>();
    for (const item of series) {
      const text = `${item.series} ${item.values}`;
      let line;
      try {
        line = parseSeriesLine(text);
      } catch (e) {
        throw new Error(`error in input_series ${JSON.stringify(text)}: ${(e as Error).message}`);
      }
      if (line.hasHistograms) throw new Error(`input_series ${JSON.stringify(item.series)}: native histogram values are not supported by promstream yet`);
      bySeries.set(line.labels.key, { labels: line.labels, values: line.values });
    }
    const samples: InputSample[] = [];
    for (const { labels, values } of bySeries.values()) {
      values.forEach((slot, k) => {
        if (slot.kind !== 'omitted') samples.push({ labels, t: startMs + k * intervalMs, stale: slot.kind === 'stale', v: slot.kind === 'float' ? slot.value : 0 });
      });
    }
    return new InputSeriesLoader(samples.sort((a, b) => a.t - b.t));
  }

  /** Stores every sample not yet stored whose time is at most `tMs`. */
  async appendTill(tMs: number, storage: Appendable): Promise<void> {
    const appender = storage.appender();
    while (this.next < this.samples.length && this.samples[this.next]!.t <= tMs) {
      const s = this.samples[this.next++]!;
      appender.append(0, s.labels, s.t, s.stale ? STALE_NAN : s.v);
    }
    await appender.commit();
  }
}
