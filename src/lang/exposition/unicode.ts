/**
 * UTF-8 validity as a JS string can violate it. A body decoded from bytes is always well-formed
 * (invalid bytes become U+FFFD); only a string built in memory can hold lone surrogates, the one
 * thing that has no UTF-8 encoding, and Prometheus's "valid UTF-8" checks map to their absence.
 */
export { isWellFormedUnicode } from '../../model/labels.js';

/** Whether `body[start, end)` holds a lone surrogate (where Go would see invalid UTF-8). */
export function hasLoneSurrogate(body: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = body.charCodeAt(i);
    if ((c & 0xf800) !== 0xd800) continue;
    if (c < 0xdc00 && i + 1 < end && (body.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else return true;
  }
  return false;
}
