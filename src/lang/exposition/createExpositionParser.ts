/**
 * Picks the parser for a scrape response from its Content-Type, as Prometheus 3's textparse.New
 * does: `text/plain` is the Prometheus text format and `application/openmetrics-text` (any
 * version parameter) is OpenMetrics; a blank, malformed or unsupported type fails the scrape
 * unless a fallback protocol is configured, which is then used instead.
 */
import { wholeText, type ExpositionBody } from './expositionBody.js';
import type { ExpositionParser } from './expositionParser.js';
import { MediaTypeSyntaxError, parseMediaType } from './mediaType.js';
import { OpenMetricsParser, type OpenMetricsParserOptions } from './openMetricsParser.js';
import { goQuote } from './parseError.js';
import { PrometheusTextParser } from './textParser.js';

/** Thrown when a response's Content-Type names no format promstream can parse. */
export class UnsupportedContentTypeError extends Error {}

/** Per-target parser settings (Prometheus sets them from the scrape config and feature flags). */
export interface ExpositionParserOptions {
  readonly openMetrics?: OpenMetricsParserOptions;
}

const TEXT = 'text/plain';
const OPENMETRICS = 'application/openmetrics-text';

// Prometheus's extractMediaType: which media type to parse the body as, or why none.
function chooseMediaType(contentType: string, fallback: string | undefined): string {
  if (contentType === '') {
    if (fallback === undefined) {
      throw new UnsupportedContentTypeError('non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target');
    }
    return fallback;
  }
  let type: string;
  try {
    type = parseMediaType(contentType);
  } catch (e) {
    if (!(e instanceof MediaTypeSyntaxError)) throw e;
    if (fallback !== undefined) return fallback;
    throw new UnsupportedContentTypeError(`cannot parse Content-Type ${goQuote(contentType)} and no fallback_scrape_protocol for target\n${e.message}`);
  }
  // Protobuf is a format Prometheus reads but promstream does not (yet): it takes the same
  // route as an unknown type, so a configured fallback still rescues the scrape.
  if (type === TEXT || type === OPENMETRICS) return type;
  if (fallback !== undefined) return fallback;
  throw new UnsupportedContentTypeError(`received unsupported Content-Type ${goQuote(contentType)} and no fallback_scrape_protocol specified for target`);
}

/**
 * A parser for `body` chosen by `contentType`; `fallbackMediaType` (scrape_config's
 * fallback_scrape_protocol as a media type) applies when the type is blank, malformed or unknown.
 */
export function createExpositionParser(
  body: ExpositionBody,
  contentType: string,
  fallbackMediaType?: string,
  options: ExpositionParserOptions = {},
): ExpositionParser {
  const fallback = fallbackMediaType === undefined || fallbackMediaType === '' ? undefined : fallbackMediaType;
  const chosen = chooseMediaType(contentType, fallback);
  // A fallback is written by the user (a protocol's media type), so read it leniently.
  const type = chosen === fallback ? chosen.split(';')[0]!.trim().toLowerCase() : chosen;
  switch (type) {
    case TEXT:
      return new PrometheusTextParser(body);
    case OPENMETRICS:
      // Its `_created` look-ahead may cross lines anywhere, so it reads the body whole.
      return new OpenMetricsParser(wholeText(body), options.openMetrics);
    default:
      throw new UnsupportedContentTypeError(`fallback_scrape_protocol media type ${goQuote(chosen)} is not supported`);
  }
}
