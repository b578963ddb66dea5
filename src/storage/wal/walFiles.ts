/**
 * The WAL directory's files: numbered segments (`00000042`, like Prometheus), checkpoints
 * (`checkpoint.00000041`: everything up to that segment that the head still needs), and the
 * file handle abstraction the writer appends through (replaceable in tests by a slow disk).
 */
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** An append-only file. */
export interface WalFile {
  /** Appends every byte of the buffers, in order (handed to the OS: no fsync). */
  write(buffers: readonly Uint8Array[]): Promise<void>;
  /** Cuts the file back to `size` bytes (drops what a failed write left); later writes append there. */
  truncate(size: number): Promise<void>;
  /** Flushes to stable storage. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating if needed) a file for appending. */
export type OpenWalFile = (path: string) => Promise<WalFile>;

/** Opens a real file with O_APPEND; several buffers go out in one writev(2). */
export const openFsWalFile: OpenWalFile = async (path) => {
  const handle = await open(path, 'a');
  return {
    async write(buffers) {
      let pending = buffers.filter((b) => b.length > 0);
      while (pending.length > 0) {
        const { bytesWritten } = await handle.writev(pending);
        if (bytesWritten <= 0) throw new Error(`short write to ${path}`);
        // writev(2) may write less than asked (a full disk, a signal): go on with the rest.
        let skip = bytesWritten;
        const rest: Uint8Array[] = [];
        for (const b of pending) {
          if (skip >= b.length) skip -= b.length;
          else {
            rest.push(skip > 0 ? b.subarray(skip) : b);
            skip = 0;
          }
        }
        pending = rest;
      }
    },
    truncate: (size) => handle.truncate(size),
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
};

/** A segment's file name. */
export function segmentName(index: number): string {
  return String(index).padStart(8, '0');
}

/** A checkpoint's file name. */
export function checkpointName(index: number): string {
  return `checkpoint.${segmentName(index)}`;
}

/** What a WAL directory holds. */
export interface WalListing {
  /** Segment indexes, ascending. */
  readonly segments: number[];
  /** Completed checkpoints' indexes, ascending. */
  readonly checkpoints: number[];
  /** Leftovers of interrupted checkpoints. */
  readonly temporary: string[];
}

/** Lists a WAL directory (missing means empty). */
export async function listWal(dir: string): Promise<WalListing> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { segments: [], checkpoints: [], temporary: [] };
    throw e;
  }
  const segments: number[] = [];
  const checkpoints: number[] = [];
  const temporary: string[] = [];
  for (const name of names) {
    if (/^\d{8}$/.test(name)) segments.push(Number(name));
    else if (/^checkpoint\.\d{8}$/.test(name)) checkpoints.push(Number(name.slice(11)));
    else if (name.endsWith('.tmp')) temporary.push(name);
  }
  segments.sort((a, b) => a - b);
  checkpoints.sort((a, b) => a - b);
  return { segments, checkpoints, temporary };
}

/** Deletes WAL files by name, ignoring those already gone. */
export async function removeWalFiles(dir: string, names: readonly string[]): Promise<void> {
  for (const name of names) await rm(join(dir, name), { force: true });
}
