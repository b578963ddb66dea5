/** Test helper: seeded random mutation of exposition bodies, for the parsers' fuzz tests. */

/** A seeded generator of integers in [0, n), so that a failing mutation replays. */
export function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    // mulberry32: small, fast and good enough to spread mutations.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** One to four random edits of `body`: insertions from `alphabet`, deletions, copies, cuts, line swaps. */
export function mutate(body: string, random: (n: number) => number, alphabet: readonly string[]): string {
  let s = body;
  for (let round = 1 + random(4); round > 0; round--) {
    const at = random(s.length + 1);
    switch (random(6)) {
      case 0: s = s.slice(0, at) + alphabet[random(alphabet.length)] + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + random(8)); break;
      case 2: s = s.slice(0, at) + alphabet[random(alphabet.length)] + s.slice(at + 1); break;
      case 3: {
        const from = random(s.length + 1);
        s = s.slice(0, at) + s.slice(from, from + random(20)) + s.slice(at);
        break;
      }
      case 4: s = s.slice(0, at); break;
      default: {
        const lines = s.split('\n');
        const i = random(lines.length);
        const j = random(lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        s = lines.join('\n');
      }
    }
  }
  return s;
}
