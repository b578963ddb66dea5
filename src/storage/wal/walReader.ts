/**
 * Reads the records of one WAL file in order, checking each record's CRC, and reports where the
 * valid records end: a torn write (a crash mid-record) or flipped bytes stop the read there, so
 * that replay can truncate the file at that offset and keep everything before it. A file that ends
 * inside a record is told apart from damaged bytes (`torn`): replay treats the two differently.
 */
import { open } from 'node:fs/promises';
import { MAX_RECORD_BYTES, RECORD_HEADER_BYTES, recordCrc, RecordType } from './walRecords.js';

/** How far a file's records were valid. */
export interface ReadOutcome {
  /** Offset just past the last valid record. */
  readonly validBytes: number;
  readonly fileBytes: number;
  readonly records: number;
  /** Why reading stopped before the end, if it did. */
  readonly corruption?: string;
  /** Reading stopped because the file ends inside a record (an interrupted write), not at damaged bytes. */
  readonly torn?: true;
}

/**
 * Called with each valid record; the payload view is only valid during the call (or until the
 * promise it returns settles).
 */
export type RecordHandler = (type: RecordType, payload: Uint8Array) => void | Promise<void>;

const READ_BYTES = 8 * 1024 * 1024;
const KNOWN_TYPES = new Set<number>(Object.values(RecordType));

/** Reads every valid record of a file; a handler that throws marks that record as corrupt. */
export async function readWalFile(path: string, onRecord: RecordHandler): Promise<ReadOutcome> {
  const handle = await open(path, 'r');
  try {
    const fileBytes = (await handle.stat()).size;
    let buf = new Uint8Array(Math.min(READ_BYTES, Math.max(fileBytes, RECORD_HEADER_BYTES)));
    let bufStart = 0; // file offset of buf[0]
    let bufLength = 0;
    let pos = 0;
    let records = 0;
    let eof = false;
    const fill = async (): Promise<void> => {
      if (pos > 0) {
        buf.copyWithin(0, pos, bufLength);
        bufStart += pos;
        bufLength -= pos;
        pos = 0;
      }
      while (!eof && bufLength < buf.length) {
        const { bytesRead } = await handle.read(buf, bufLength, buf.length - bufLength, bufStart + bufLength);
        if (bytesRead === 0) eof = true;
        bufLength += bytesRead;
      }
    };
    const stop = (corruption: string, torn?: true): ReadOutcome => ({ validBytes: bufStart + pos, fileBytes, records, corruption, torn });
    await fill();
    for (;;) {
      if (bufLength - pos < RECORD_HEADER_BYTES) {
        if (eof) {
          return bufLength === pos ? { validBytes: bufStart + pos, fileBytes, records } : stop('torn record header at the end', true);
        }
        await fill();
        continue;
      }
      const type = buf[pos]!;
      const length = (buf[pos + 1]! | (buf[pos + 2]! << 8) | (buf[pos + 3]! << 16) | (buf[pos + 4]! << 24)) >>> 0;
      if (!KNOWN_TYPES.has(type)) return stop(`unknown record type ${type}`);
      if (length > MAX_RECORD_BYTES) return stop(`record length ${length} out of range`);
      const total = RECORD_HEADER_BYTES + length;
      if (bufLength - pos < total) {
        if (eof) return stop(`torn record: ${total} bytes expected, ${bufLength - pos} present`, true);
        if (total > buf.length) {
          const bigger = new Uint8Array(total);
          bigger.set(buf.subarray(pos, bufLength));
          bufStart += pos;
          bufLength -= pos;
          pos = 0;
          buf = bigger;
        }
        await fill();
        continue;
      }
      const crc = (buf[pos + 5]! | (buf[pos + 6]! << 8) | (buf[pos + 7]! << 16) | (buf[pos + 8]! << 24)) >>> 0;
      const payload = buf.subarray(pos + RECORD_HEADER_BYTES, pos + total);
      if (recordCrc(buf.subarray(pos, pos + 5), payload) !== crc) return stop('record checksum mismatch');
      try {
        const pending = onRecord(type as RecordType, payload);
        if (pending !== undefined) await pending;
      } catch (e) {
        return stop(`undecodable record: ${(e as Error).message}`);
      }
      records++;
      pos += total;
    }
  } finally {
    await handle.close();
  }
}
