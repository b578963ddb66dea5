/** Config files must be UTF-8, as Go's YAML parser requires; a bad byte is reported with its line. */
import { goStringFromBytes } from '../model/goString.js';
import { ConfigError } from './decode.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes file contents as UTF-8 (a BOM is dropped); throws a ConfigError naming the line of the first invalid byte. */
export function readUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const text = goStringFromBytes(bytes);
    const bad = text.search(/[\udc80-\udcff]/);
    const line = text.slice(0, bad).split('\n').length;
    throw new ConfigError(`${file}:${line}: yaml: invalid UTF-8 byte in input`);
  }
}
