/**
 * File-system errors worded as Go's os package words them (`open x.yml: no such file or
 * directory`), because Prometheus and promtool print those texts and users search for them.
 */

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** `op path: reason` for a Node.js fs error (`op` is Go's: open, stat, read). */
export function goFsErrorText(error: unknown, op: string, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code !== undefined ? ERRNO_TEXT[code] : undefined;
  if (reason === undefined) return `${op} ${path}: ${(error as Error).message}`;
  // Reading a directory fails at read, not at open, in Go.
  if (code === 'EISDIR') return `read ${path}: ${reason}`;
  return `${op} ${path}: ${reason}`;
}
