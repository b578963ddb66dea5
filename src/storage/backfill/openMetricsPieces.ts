/**
 * Cuts a large OpenMetrics file into bodies the (whole-string) parser can take: pieces of about
 * `pieceBytes` ending at a line break, each but the last closed with `# EOF`, and each but the
 * first opened with the metadata lines (TYPE, UNIT, HELP) of the family its first samples belong
 * to, so every piece parses as a valid exposition on its own.
 */
import { open } from 'node:fs/promises';

/** One parseable piece of the file. */
export interface OpenMetricsPiece {
  readonly body: string;
  /** Line number in the file of the piece's first own line, minus the metadata lines prepended. */
  readonly lineOffset: number;
  /** File bytes consumed up to the end of this piece. */
  readonly bytesRead: number;
  readonly fileBytes: number;
}

const decoder = new TextDecoder('utf-8');

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The metadata lines of the last family declared in a text (kept across pieces). */
function lastFamilyMetadata(text: string, previous: string[]): string[] {
  let meta = previous;
  let family: string | undefined;
  for (const m of text.matchAll(/^# (TYPE|UNIT|HELP) (\S+).*$/gm)) {
    if (m[2] !== family) {
      family = m[2];
      meta = [];
    }
    meta.push(m[0]);
  }
  return meta;
}

/** Yields the pieces of an OpenMetrics file in order. */
export async function* openMetricsPieces(path: string, pieceBytes = 64 * 1024 * 1024): AsyncGenerator<OpenMetricsPiece> {
  const handle = await open(path, 'r');
  try {
    const fileBytes = (await handle.stat()).size;
    const buffer = new Uint8Array(pieceBytes);
    let carry = new Uint8Array(0);
    let position = 0;
    let line = 1;
    let metadata: string[] = [];
    for (;;) {
      buffer.set(carry.subarray(0, Math.min(carry.length, buffer.length)));
      const { bytesRead } = await handle.read(buffer, carry.length, buffer.length - carry.length, position);
      position += bytesRead;
      const filled = carry.length + bytesRead;
      const last = position >= fileBytes;
      let cut = filled;
      if (!last) {
        cut = buffer.lastIndexOf(0x0a, filled - 1) + 1;
        if (cut === 0) throw new Error(`a line longer than ${pieceBytes} bytes at line ${line}`);
      }
      const own = decoder.decode(buffer.subarray(0, cut));
      carry = buffer.slice(cut, filled);
      const prefix = metadata.length > 0 ? metadata.join('\n') + '\n' : '';
      yield { body: prefix + own + (last ? '' : '# EOF\n'), lineOffset: line - 1 - metadata.length, bytesRead: position - carry.length, fileBytes };
      if (last) return;
      line += countLines(own);
      metadata = lastFamilyMetadata(own, metadata);
    }
  } finally {
    await handle.close();
  }
}
