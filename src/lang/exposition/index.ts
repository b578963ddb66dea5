/** Exposition-format parsers: the shared pull-parser interface, the Prometheus text and OpenMetrics parsers. */
export { createExpositionParser, type ExpositionParserOptions, UnsupportedContentTypeError } from './createExpositionParser.js';
export { ExpositionBodyDecoder, wholeText, type ExpositionBody } from './expositionBody.js';
export { Entry, type EntryType, type Exemplar, type ExpositionParser, type MetricType, type TextMetricType } from './expositionParser.js';
export { formatOpenMetricsFloat } from './openMetricsFloat.js';
export { OpenMetricsParser, type OpenMetricsParserOptions } from './openMetricsParser.js';
export { ExpositionParseError } from './parseError.js';
export { PrometheusTextParser } from './textParser.js';
