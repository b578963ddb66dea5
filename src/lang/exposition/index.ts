/** Exposition-format parsers: the shared pull-parser interface and the Prometheus text parser. */
export { createExpositionParser, UnsupportedContentTypeError } from './createExpositionParser.js';
export { Entry, type EntryType, type ExpositionParser, type MetricType, type TextMetricType } from './expositionParser.js';
export { ExpositionParseError } from './parseError.js';
export { PrometheusTextParser } from './textParser.js';
