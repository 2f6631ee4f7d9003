import type { ProfileResolution } from './types';

/**
 * Profiles whose credential chain differs between two analyses (or that are gone): the held
 * credentials of these no longer match the files and must be dropped; all others are kept.
 */
export function changedChains(before: Map<string, ProfileResolution>, after: Map<string, ProfileResolution>): string[] {
  const changed: string[] = [];
  for (const [name, old] of before) {
    const now = after.get(name);
    if (now === undefined || chainKey(old) !== chainKey(now)) changed.push(name);
  }
  return changed;
}

/** What makes two chains the same: each hop's facts (the lazily computed cache key aside). */
function chainKey(plan: ProfileResolution): string {
  return JSON.stringify(plan.chain, (key, value) => (key === 'cli_cache_key' ? undefined : value));
}
