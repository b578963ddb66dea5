/**
 * A WAL disk for tests: real files, whose writes, truncations and opens fail when a test says so
 * (with ENOSPC / EIO, as a full or failing disk would).
 */
import { openFsWalFile, type OpenWalFile } from '../../src/storage/wal/walFiles.js';

/** How a write fails. */
export interface WriteFault {
  /** Writes the first half of the bytes before failing (a short write, then an error). */
  readonly half?: boolean;
}

function diskError(code: string, what: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`${code}: injected failure to ${what}`);
  e.code = code;
  return e;
}

/** Opens real WAL files whose operations fail on demand. */
export class FaultyDisk {
  /** Write calls so far, over every file. */
  writeCalls = 0;
  private readonly writeFaults = new Map<number, WriteFault>();
  /** How many of the next truncations fail (Infinity: all). */
  failingTruncations = 0;
  /** How many of the next opens fail. */
  failingOpens = 0;

  /** Makes the `n`-th write call from now fail (1: the next). */
  failWrite(n: number, fault: WriteFault = {}): void {
    this.writeFaults.set(this.writeCalls + n, fault);
  }

  readonly open: OpenWalFile = async (path) => {
    if (this.failingOpens > 0) {
      this.failingOpens--;
      throw diskError('EIO', `open ${path}`);
    }
    const file = await openFsWalFile(path);
    return {
      ...file,
      write: async (buffers) => {
        const fault = this.writeFaults.get(++this.writeCalls);
        if (fault === undefined) return file.write(buffers);
        if (fault.half) {
          const all = Buffer.concat(buffers);
          await file.write([all.subarray(0, all.length >> 1)]);
        }
        throw diskError('ENOSPC', `write ${path}`);
      },
      truncate: async (size) => {
        if (this.failingTruncations > 0) {
          this.failingTruncations--;
          throw diskError('EIO', `truncate ${path}`);
        }
        return file.truncate(size);
      },
    };
  };
}
