/**
 * A stable text for a decoded config value, equal for equal settings: what reloads compare to
 * tell an unchanged part of the config (kept running) from a changed one (rebuilt).
 */

/** The fingerprint of a config value (regexes by source and flags, bigints as digits, functions left out). */
export function configFingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function') return undefined;
    return v;
  });
}
