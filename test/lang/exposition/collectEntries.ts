/** Test helper: runs a parser to the end and records every entry as a plain, comparable object. */
import { Entry, type ExpositionParser } from '../../../src/lang/exposition/index.js';
import { PrometheusTextParser } from '../../../src/lang/exposition/index.js';

export type Recorded =
  | { kind: 'series'; key: string; labels: Record<string, string>; value: number; timestamp: number | undefined }
  | { kind: 'type'; family: string; type: string }
  | { kind: 'help'; family: string; help: string }
  | { kind: 'comment'; text: string };

/** Every entry of a parser, with labels decoded for each series. */
export function collect(parser: ExpositionParser): Recorded[] {
  const out: Recorded[] = [];
  for (let e = parser.next(); e !== Entry.EOF; e = parser.next()) {
    switch (e) {
      case Entry.Series:
        out.push({ kind: 'series', key: parser.seriesKey(), labels: parser.labels().toRecord(), value: parser.value(), timestamp: parser.timestamp() });
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

/** Shorthand for an expected series entry. */
export function series(key: string, labels: Record<string, string>, value: number, timestamp?: number): Recorded {
  return { kind: 'series', key, labels, value, timestamp };
}
