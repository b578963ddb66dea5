/** The real file system behind file_sd: glob listing, reads with mtime, directory watches. */
import { watch } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Observable } from 'rxjs';
import type { FileContent, FileSdIo } from './discoveryDeps.js';
import { compileGlobElement, hasGlobMeta } from './globPattern.js';

/** Lists the files matching a pattern like Go's filepath.Glob with meta characters only in the last element. */
async function listMatches(pattern: string): Promise<readonly string[]> {
  if (!hasGlobMeta(pattern)) {
    // Go's Glob returns a plain path only when it exists.
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const dir = dirname(pattern);
  const element = compileGlobElement(basename(pattern));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    // A missing directory matches nothing; it may appear later and is picked up on refresh.
    return [];
  }
  return names.filter((name) => element.test(name)).sort().map((name) => join(dir, name));
}

/** Reads text and mtime from one open handle, so both describe the same file. */
async function readWithMtime(path: string): Promise<FileContent> {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    const text = await handle.readFile('utf8');
    return { text, mtimeMs: stats.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Emits the changed file name for every change inside `dir`; errors if the directory cannot be watched. */
function watchDirectory(dir: string): Observable<string> {
  return new Observable<string>((subscriber) => {
    // Not persistent: a watch alone must not keep the process running after shutdown.
    const watcher = watch(dir, { persistent: false });
    watcher.on('change', (_event, name) => subscriber.next(String(name ?? '')));
    watcher.on('error', (e) => subscriber.error(e));
    return () => watcher.close();
  });
}

/** file_sd's I/O on the local file system. */
export const nodeFileSdIo: FileSdIo = {
  list: listMatches,
  read: readWithMtime,
  watch: watchDirectory,
};
