/**
 * Picks the parser for a scrape response from its Content-Type, as Prometheus 3's textparse.New
 * does: a blank or unsupported type fails the scrape unless a fallback protocol is configured.
 */
import type { ExpositionParser } from './expositionParser.js';
import { PrometheusTextParser } from './textParser.js';

/** Thrown when a response's Content-Type names no format promstream can parse. */
export class UnsupportedContentTypeError extends Error {}

function mediaType(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * A parser for `body` chosen by `contentType`; `fallbackMediaType` (scrape_config's
 * fallback_scrape_protocol as a media type) applies when the type is blank or unknown.
 */
export function createExpositionParser(body: string, contentType: string, fallbackMediaType?: string): ExpositionParser {
  let type = mediaType(contentType);
  if (type !== 'text/plain' && fallbackMediaType !== undefined) type = mediaType(fallbackMediaType);
  switch (type) {
    case 'text/plain':
      return new PrometheusTextParser(body);
    case '':
      throw new UnsupportedContentTypeError(
        'non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target',
      );
    default:
      // OpenMetrics (and protobuf) parsers are later work: until then such a body is rejected
      // rather than half-parsed as text, so request text/plain in the Accept header.
      throw new UnsupportedContentTypeError(
        `received unsupported Content-Type ${JSON.stringify(contentType)} and no fallback_scrape_protocol specified for target`,
      );
  }
}
