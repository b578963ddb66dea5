/**
 * The OpenMetrics 1.0 text format pull parser: Prometheus 3's textparse.OpenMetricsParser rebuilt
 * over a JS string. It accepts and rejects what Prometheus does, with Prometheus's error wording
 * plus a line number. `next()` allocates nothing for a sample line (exemplar included): labels and
 * exemplars are decoded only when asked for.
 *
 * It follows Prometheus quirks and all, except where Prometheus misbehaves: an unquoted bare name
 * inside braces (`{abc} 1`, which Prometheus reads as metric `b`, or crashes on as `{a} 1`) is
 * rejected, and createdTimestamp() stops at an unlexable exemplar where Prometheus spins forever.
 */
import type { Labels } from '../../model/labels.js';
import { createdSeriesIdentity, isCreatedSeriesName, typeHasCreated } from './createdSeries.js';
import { unescapeLabelValue } from './escapes.js';
import { Entry, type EntryType, type Exemplar, type ExpositionParser, type MetricType } from './expositionParser.js';
import { goFloatToInt64 } from './goNumbers.js';
import { normalizedLabelFor } from './openMetricsFloat.js';
import { OM_TOKEN_NAMES, OmState, OmTok } from './openMetricsLexer.js';
import { type PlainSeriesScan, scanPlainSeries } from './openMetricsPlainSeries.js';
import { OpenMetricsReader } from './openMetricsReader.js';
import { ExpositionParseError, goQuote, lineNumberAt } from './parseError.js';
import { decodeExemplarLabels, decodeSeriesLabels } from './seriesLabels.js';
import { hasLoneSurrogate, isWellFormedUnicode } from './unicode.js';

const METRIC_TYPES: ReadonlySet<string> = new Set<MetricType>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']);

/** Choices Prometheus makes per scrape config or feature flag. */
export interface OpenMetricsParserOptions {
  /**
   * Hide `_created` samples of counters, summaries and histograms, as Prometheus does when
   * created-timestamp ingestion is enabled (they then only feed `createdTimestamp()`). Default
   * false: Prometheus 3 by default ingests `_created` lines as ordinary samples.
   */
  readonly skipCreatedSeries?: boolean;
  /**
   * Reject exemplars where the OpenMetrics 1.0 specification forbids them (anywhere but a
   * counter's `_total` and a histogram's or gauge histogram's `_bucket`). Default false, because
   * Prometheus accepts an exemplar on any sample.
   */
  readonly strictExemplars?: boolean;
}

/** Parses one scrape body in the OpenMetrics 1.0 text format, entry by entry. */
export class OpenMetricsParser implements ExpositionParser {
  readonly format = 'openmetrics';
  private readonly reader: OpenMetricsReader;
  private readonly body: string;
  private skipCreated: boolean;
  private readonly strictExemplars: boolean;
  private done = false;
  private entry: EntryType = Entry.EOF;
  /** Set on the look-ahead parser of createdTimestamp(), which skips exemplars as Prometheus does. */
  private ignoreExemplars = false;

  private seriesEnd = 0;
  /** Metric name then label `[start, end)` pairs, reused across lines (see LabelOffsets). */
  private readonly offsets: number[] = [-1, -1];
  private count = 2;
  private readonly scan: PlainSeriesScan = { count: 2, close: -1, end: 0, backslash: -1, newline: -1, nul: -1 };
  private sampleValue = 0;
  private sampleTimestamp: number | undefined = undefined;

  private hasExemplar = false;
  private readonly exemplarOffsets: number[] = [];
  private exemplarCount = 0;
  private exemplarValue = 0;
  private exemplarTimestamp: number | undefined = undefined;

  private familyStart = 0;
  private familyEnd = 0;
  private familyQuoted = false;
  private textStart = 0;
  private textEnd = 0;
  private type: MetricType = 'unknown';

  /** -1 until needed, then 1 when the body has no lone surrogates (the fast path needs that). */
  private wellFormed = -1;
  private createdKey: string | undefined = undefined;
  private created = 0;

  constructor(body: string, options: OpenMetricsParserOptions = {}) {
    this.body = body;
    this.reader = new OpenMetricsReader(body);
    this.skipCreated = options.skipCreatedSeries ?? false;
    this.strictExemplars = options.strictExemplars ?? false;
  }

  /** Ignored: the OpenMetrics parser always scans the label block. */
  expectSeries(): void {}

  /** Advances to the next entry; throws ExpositionParseError where Prometheus would fail. */
  next(): EntryType {
    this.entry = Entry.EOF;
    if (this.reader.failure !== undefined) throw this.reader.failure;
    if (this.done) return Entry.EOF;
    return (this.entry = this.advance());
  }

  /** Whether the latest entry is a series. */
  isSeries(): boolean {
    return this.entry === Entry.Series;
  }

  private advance(): EntryType {
    const r = this.reader;
    const lx = r.lexer;
    for (;;) {
      r.entryStart = lx.pos;
      this.count = 2;
      this.hasExemplar = false;
      if (lx.state === OmState.Init && this.plainSeries()) {
        this.seriesLine(lx.lex());
      } else {
        const t = lx.lex();
        switch (t) {
          case OmTok.EOFWord:
            if (lx.lex() !== OmTok.EOF) throw r.fail(lx.start, 'unexpected data after # EOF');
            this.done = true;
            return Entry.EOF;
          case OmTok.EOF:
            throw r.fail(lx.pos, 'data does not end with # EOF');
          case OmTok.Help:
          case OmTok.Type:
          case OmTok.Unit:
            return this.metadata(t);
          case OmTok.BraceOpen:
            this.offsets[0] = -1;
            this.offsets[1] = -1;
            this.count = r.labelBlock(this.offsets, 2, false, !this.isWellFormed());
            this.seriesEnd = lx.pos;
            this.seriesLine(lx.lex());
            break;
          case OmTok.MName: {
            this.offsets[0] = lx.start;
            this.offsets[1] = lx.pos;
            this.seriesEnd = lx.pos;
            let t2 = lx.lex();
            if (t2 === OmTok.BraceOpen) {
              this.count = r.labelBlock(this.offsets, 2, false, !this.isWellFormed());
              this.seriesEnd = lx.pos;
              t2 = lx.lex();
            }
            this.seriesLine(t2);
            break;
          }
          default:
            throw r.unexpected('expected a valid start token', t);
        }
      }
      if (!(this.skipCreated && typeHasCreated(this.type) && isCreatedSeriesName(this.metricName()))) return Entry.Series;
    }
  }

  /** Series: the metric name and label block exactly as written. */
  seriesKey(): string {
    return this.body.slice(this.reader.entryStart, this.seriesEnd);
  }

  /**
   * Series: the label set with `__name__`, decoded now, with a histogram's `le` or a summary's
   * `quantile` in canonical float spelling (as Prometheus 3 does). Throws for what Prometheus
   * rejects when it appends the sample (a repeated or empty label name, an empty metric name).
   */
  labels(): Labels {
    const where = { offsets: this.offsets, count: this.count };
    // Not remembered as a failure: labels() is a question about one line, and the caller decides.
    const fail = (detail: string): Error => new ExpositionParseError(lineNumberAt(this.body, this.reader.entryStart), detail);
    return decodeSeriesLabels(this.body, where, this.seriesKey(), normalizedLabelFor(this.type), !this.isWellFormed(), fail);
  }

  /** Series: the sample value. */
  value(): number {
    return this.sampleValue;
  }

  /** Series: the timestamp in milliseconds (OpenMetrics writes seconds), or undefined. */
  timestamp(): number | undefined {
    return this.sampleTimestamp;
  }

  /** Series: the exemplar after ` # `, or undefined when the line has none. */
  exemplar(): Exemplar | undefined {
    if (!this.hasExemplar || this.entry !== Entry.Series) return undefined;
    const labels = decodeExemplarLabels(this.body, { offsets: this.exemplarOffsets, count: this.exemplarCount });
    const t = this.exemplarTimestamp;
    return t === undefined ? { labels, value: this.exemplarValue } : { labels, value: this.exemplarValue, timestamp: t };
  }

  /**
   * Series: the created timestamp (ms) from the `_created` line with the same family and labels
   * (ignoring `le`/`quantile`), found by reading ahead as Prometheus's CreatedTimestamp does;
   * undefined for other types or when none follows within the family. As in Prometheus, calling
   * it also starts hiding `_created` samples from `next()`, since their value is now used here.
   */
  createdTimestamp(): number | undefined {
    if (this.entry !== Entry.Series) return undefined;
    if (!typeHasCreated(this.type)) {
      this.createdKey = undefined;
      return undefined;
    }
    const key = this.createdIdentity(this.familyPrefix());
    if (key === this.createdKey && this.created > 0) return this.created;
    this.createdKey = undefined;
    this.skipCreated = true;
    const ahead = new OpenMetricsParser(this.body);
    ahead.reader.lexer.resumeFrom(this.reader.lexer);
    ahead.type = this.type;
    ahead.wellFormed = this.wellFormed;
    ahead.ignoreExemplars = true;
    for (;;) {
      let entry: EntryType;
      try {
        entry = ahead.next();
      } catch {
        return undefined; // the body breaks further on; next() will report that
      }
      if (entry !== Entry.Series) return undefined;
      const name = ahead.metricName();
      if (!isCreatedSeriesName(name)) continue;
      if (ahead.createdIdentity(name.slice(0, -'_created'.length)) !== key) return undefined;
      this.created = goFloatToInt64(ahead.sampleValue * 1000);
      this.createdKey = key;
      return this.created === 0 ? undefined : this.created;
    }
  }

  /** Type/Help/Unit: the metric family name, with quotes removed and escapes decoded. */
  metricFamily(): string {
    const name = this.body.slice(this.familyStart, this.familyEnd);
    return this.familyQuoted ? unescapeLabelValue(name) : name;
  }

  /** Type: the declared type (which stays in force for the lines that follow). */
  metricType(): MetricType {
    return this.type;
  }

  /** Help: the help text with `\\`, `\"` and `\n` decoded (OpenMetrics escapes help like values). */
  helpText(): string {
    return unescapeLabelValue(this.body.slice(this.textStart, this.textEnd));
  }

  /** Unit: the unit as written. */
  unit(): string {
    return this.body.slice(this.textStart, this.textEnd);
  }

  /** OpenMetrics has no free comments, so there is never a Comment entry. */
  comment(): string {
    return '';
  }

  // The raw metric name of the current series (quotes excluded, escapes in place).
  private metricName(): string {
    return this.body.slice(this.offsets[0]!, this.offsets[1]!);
  }

  // Prometheus takes the latest family name's length of characters from where the name starts.
  private familyPrefix(): string {
    const key = this.seriesKey();
    const from = this.offsets[0]! - this.reader.entryStart;
    const quotedFirst = key.charCodeAt(0) === 0x7b && key.charCodeAt(1) === 0x22;
    const length = this.familyEnd - this.familyStart;
    return key.slice(from, Math.min(key.length, length + (quotedFirst ? 2 : 0)));
  }

  private createdIdentity(familyName: string): string {
    return createdSeriesIdentity(this.body, { offsets: this.offsets, count: this.count }, this.type, familyName);
  }

  private isWellFormed(): boolean {
    if (this.wellFormed < 0) this.wellFormed = isWellFormedUnicode(this.body) ? 1 : 0;
    return this.wellFormed === 1;
  }

  // `# HELP`, `# TYPE` or `# UNIT`, then the family name and the text.
  private metadata(kind: number): EntryType {
    const r = this.reader;
    const lx = r.lexer;
    const b = this.body;
    const keyword = OM_TOKEN_NAMES[kind]!;
    let t = lx.lex();
    if (t !== OmTok.MName) throw r.unexpected(`expected metric name after ${keyword}`, t);
    this.familyQuoted = b.charCodeAt(lx.start) === 0x22;
    this.familyStart = this.familyQuoted ? lx.start + 1 : lx.start;
    this.familyEnd = this.familyQuoted ? lx.pos - 1 : lx.pos;
    t = lx.lex();
    if (t !== OmTok.Text) throw r.fail(lx.start, `expected text in ${keyword}`);
    // The text token is ` text\n`: Prometheus drops its first and last character.
    this.textStart = lx.start + 1;
    this.textEnd = lx.pos - 1;
    const text = b.slice(this.textStart, this.textEnd);
    if (kind === OmTok.Type) {
      if (!METRIC_TYPES.has(text)) throw r.fail(lx.start, `invalid metric type ${goQuote(text)}`);
      this.type = text as MetricType;
      return Entry.Type;
    }
    if (kind === OmTok.Help) {
      if (hasLoneSurrogate(b, this.textStart, this.textEnd)) throw r.fail(lx.start, `help text ${goQuote(text)} is not a valid utf8 string`);
      return Entry.Help;
    }
    // A unit must end the family name after an underscore: `# UNIT foo_seconds seconds`.
    const family = b.slice(this.familyStart, this.familyEnd);
    if (text !== '' && (!family.endsWith(text) || family.length < text.length + 1 || b.charCodeAt(this.familyEnd - text.length - 1) !== 0x5f)) {
      throw r.fail(lx.start, `unit ${goQuote(text)} not a suffix of metric ${goQuote(family)}`);
    }
    return Entry.Unit;
  }

  // The fast path for plain series (see openMetricsPlainSeries.ts), handing over at the value.
  private plainSeries(): boolean {
    const lx = this.reader.lexer;
    const scan = this.scan;
    if (!scanPlainSeries(this.body, lx.pos, this.isWellFormed(), this.offsets, scan)) return false;
    this.count = scan.count;
    this.seriesEnd = scan.end;
    if (scan.close >= 0) {
      lx.closeLabelsAt(scan.close);
    } else {
      lx.start = lx.pos; // as if the lexer had returned the name
      lx.pos = scan.end;
      lx.state = OmState.Value;
    }
    return true;
  }

  // Value, optional timestamp and exemplar, end of line: Prometheus's parseSeriesEndOfLine.
  private seriesLine(t: number): void {
    const r = this.reader;
    const lx = r.lexer;
    if (this.offsets[0] === -1) {
      throw r.fail(lx.start, `metric name not set while parsing: ${goQuote(this.body.slice(r.entryStart, lx.pos))}`);
    }
    this.sampleValue = r.floatValue(t, 'metric');
    this.sampleTimestamp = undefined;
    switch (lx.lex()) {
      case OmTok.EOF:
        throw r.fail(lx.pos, 'data does not end with # EOF');
      case OmTok.Comment:
        return this.exemplarTail();
      case OmTok.Timestamp: {
        this.sampleTimestamp = r.timestampMs(false);
        const t3 = lx.lex();
        if (t3 === OmTok.Comment) return this.exemplarTail();
        if (t3 !== OmTok.Linebreak) throw r.unexpected('expected next entry after timestamp', t3);
        return;
      }
      default:
        // A linebreak ends the line. Prometheus lets any other token through here too (a blank
        // before the newline, a NUL): the line counts, and the next call fails on the rest.
        return;
    }
  }

  // After ` # {`: the exemplar's labels, value and optional timestamp (parseComment).
  private exemplarTail(): void {
    const r = this.reader;
    const lx = r.lexer;
    if (this.ignoreExemplars) {
      // Prometheus spins forever on an unlexable exemplar while reading ahead; this stops.
      for (let t = lx.lex(); t !== OmTok.Linebreak; t = lx.lex()) {
        if (t === OmTok.EOF) throw r.fail(lx.pos, 'data does not end with # EOF');
        if (t === OmTok.Invalid) throw r.unexpected('expected exemplar', t);
      }
      return;
    }
    if (this.strictExemplars) this.checkExemplarPlacement();
    this.exemplarCount = r.labelBlock(this.exemplarOffsets, 0, true, !this.isWellFormed());
    this.hasExemplar = true;
    this.exemplarValue = r.floatValue(lx.lex(), 'exemplar labels');
    this.exemplarTimestamp = undefined;
    const t = lx.lex();
    switch (t) {
      case OmTok.EOF:
        throw r.fail(lx.pos, 'data does not end with # EOF');
      case OmTok.Linebreak:
        return;
      case OmTok.Timestamp: {
        this.exemplarTimestamp = r.timestampMs(true);
        const t3 = lx.lex();
        if (t3 !== OmTok.Linebreak) throw r.unexpected('expected next entry after exemplar timestamp', t3);
        return;
      }
      default:
        throw r.unexpected('expected timestamp or comment', t);
    }
  }

  private checkExemplarPlacement(): void {
    const name = this.metricName();
    const type = this.type;
    if (type === 'counter' && name.endsWith('_total')) return;
    if ((type === 'histogram' || type === 'gaugehistogram') && name.endsWith('_bucket')) return;
    throw this.reader.fail(
      this.reader.lexer.start,
      `exemplar not allowed on ${goQuote(name)} in a ${type} family: OpenMetrics 1.0 allows exemplars only on counter _total and histogram _bucket samples`,
    );
  }
}
