/**
 * A scrape body as text: one string, or line-aligned pieces of a few tens of KiB.
 *
 * Why pieces: V8 allocates every string over 128 KiB in its large-object space, which counts
 * towards the old generation. Decoding each scrape body (hundreds of KiB for a big exporter) as
 * one string pushed the heap to its limit every few seconds, and each time V8 ran a full
 * mark-compact over the whole head (measured at 100k series: a mark-compact every 4 s, half of
 * the ingestion CPU). Pieces stay in the young generation and die there, where collecting them
 * costs next to nothing.
 *
 * Every piece but the last ends with a newline, so a line never spans two pieces, except one
 * with a raw newline inside quotes (the text format allows it), which the text parser rejoins.
 */
export type ExpositionBody = string | readonly string[];

/** A piece is cut at the last newline once this many bytes are gathered. */
const PIECE_BYTES = 32 * 1024;
/** Bytes gathered at most before a cut (unless one line is longer), so a piece stays below 64 KiB. */
const GATHER_BYTES = 64 * 1024;
/** Gathering buffers of finished bodies, for the next ones. */
const spareBuffers: Buffer[] = [];

/** The whole body as one string, for a parser that needs to look ahead across lines. */
export function wholeText(body: ExpositionBody): string {
  return typeof body === 'string' ? body : body.join('');
}

/**
 * Decodes a UTF-8 byte stream (invalid bytes become U+FFFD, as decoding it whole would) into
 * line-aligned pieces. Bytes are gathered in a reused buffer and each piece is decoded from it in
 * one go, so pieces are flat strings (fastest to scan) and no copy of the whole body is made. A
 * newline byte is never part of a multi-byte sequence, so cutting there changes no character.
 */
export class ExpositionBodyDecoder {
  private buffer: Buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(GATHER_BYTES);
  private gathered = 0;
  private readonly pieces: string[] = [];
  /** Bytes received so far (a scrape's body_size_limit counts them). */
  bytes = 0;

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    for (let at = 0; at < chunk.length; ) {
      if (this.gathered === this.buffer.length) this.grow();
      const n = Math.min(chunk.length - at, this.buffer.length - this.gathered);
      this.buffer.set(chunk.subarray(at, at + n), this.gathered);
      this.gathered += n;
      at += n;
      if (this.gathered >= PIECE_BYTES) this.cut();
    }
  }

  /** The pieces of the whole body; the decoder is spent. */
  end(): string[] {
    if (this.gathered > 0) this.pieces.push(this.buffer.toString('utf8', 0, this.gathered));
    if (this.buffer.length === GATHER_BYTES && spareBuffers.length < 16) spareBuffers.push(this.buffer);
    this.gathered = 0;
    return this.pieces;
  }

  private cut(): void {
    const newline = this.buffer.lastIndexOf(0x0a, this.gathered - 1);
    // A line longer than a piece keeps gathering until its newline arrives.
    if (newline < 0) return;
    this.pieces.push(this.buffer.toString('utf8', 0, newline + 1));
    this.buffer.copyWithin(0, newline + 1, this.gathered);
    this.gathered -= newline + 1;
  }

  // Only a single line longer than the buffer gets here.
  private grow(): void {
    const larger = Buffer.allocUnsafe(this.buffer.length * 2);
    this.buffer.copy(larger, 0, 0, this.gathered);
    this.buffer = larger;
  }
}
