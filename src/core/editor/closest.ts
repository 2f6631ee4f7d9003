/** The edit distance of two strings, a swap of neighbours counting as one edit (optimal string alignment). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

/** How far a typo may be from the word meant: one edit for short words, two from six letters, three from twelve. */
function allowed(word: string): number {
  return word.length < 6 ? 1 : word.length < 12 ? 2 : 3;
}

/**
 * The candidates a word is probably a typo of, nearest first: the same but for case first, then by
 * edit distance within what the word's length allows. Empty when nothing is near.
 */
export function closest(word: string, candidates: Iterable<string>, max = 1): string[] {
  const lower = word.toLowerCase();
  const limit = allowed(word);
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), limit);
    if (d <= limit) scored.push([c, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, max).map(([c]) => c);
}
