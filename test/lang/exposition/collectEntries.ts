/** Test helper: runs a parser to the end and records every entry as a plain, comparable object. */
import { Entry, type ExpositionParser, OpenMetricsParser, type OpenMetricsParserOptions, PrometheusTextParser } from '../../../src/lang/exposition/index.js';

/** An exemplar as recorded: labels as a record. */
export interface RecordedExemplar {
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

export type Recorded =
  | { kind: 'series'; key: string; labels: Record<string, string>; value: number; timestamp: number | undefined; exemplar?: RecordedExemplar }
  | { kind: 'type'; family: string; type: string }
  | { kind: 'unit'; family: string; unit: string }
  | { kind: 'help'; family: string; help: string }
  | { kind: 'comment'; text: string };

/** Every entry of a parser, with labels decoded for each series. */
export function collect(parser: ExpositionParser): Recorded[] {
  const out: Recorded[] = [];
  for (let e = parser.next(); e !== Entry.EOF; e = parser.next()) {
    switch (e) {
      case Entry.Series: {
        const entry: Recorded = { kind: 'series', key: parser.seriesKey(), labels: parser.labels().toRecord(), value: parser.value(), timestamp: parser.timestamp() };
        const exemplar = parser.exemplar();
        // Only present when there is one, so text-format expectations need not mention it.
        if (exemplar !== undefined) {
          entry.exemplar = { labels: exemplar.labels.toRecord(), value: exemplar.value };
          if (exemplar.timestamp !== undefined) entry.exemplar.timestamp = exemplar.timestamp;
        }
        out.push(entry);
        break;
      }
      case Entry.Unit:
        out.push({ kind: 'unit', family: parser.metricFamily(), unit: parser.unit() });
        break;
      case Entry.Type:
        out.push({ kind: 'type', family: parser.metricFamily(), type: parser.metricType() });
        break;
      case Entry.Help:
        out.push({ kind: 'help', family: parser.metricFamily(), help: parser.helpText() });
        break;
      case Entry.Comment:
        out.push({ kind: 'comment', text: parser.comment() });
        break;
    }
  }
  return out;
}

/** The entries of a text-format body. */
export function parseText(body: string): Recorded[] {
  return collect(new PrometheusTextParser(body));
}

/** The entries of an OpenMetrics body. */
export function parseOpenMetrics(body: string, options?: OpenMetricsParserOptions): Recorded[] {
  return collect(new OpenMetricsParser(body, options));
}

/** Shorthand for an expected series entry. */
export function series(key: string, labels: Record<string, string>, value: number, timestamp?: number, exemplar?: RecordedExemplar): Recorded {
  return exemplar === undefined ? { kind: 'series', key, labels, value, timestamp } : { kind: 'series', key, labels, value, timestamp, exemplar };
}
