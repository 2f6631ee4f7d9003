import type { ConfigOverlay } from './configOverlay';
import { overlayProfile, overlaySource } from './copyHeader';
import * as l10n from '@vscode/l10n';

/** Copies this window does not use and nothing has written for this long are deleted when the copies are swept. */
export const STALE_COPY_MS = 30 * 24 * 3600_000;

/** One copy found in the copies' folder. */
export interface FoundCopy {
  path: string;
  bytes: Uint8Array;
  /** When it was last written (epoch ms). */
  writtenAt: number;
}

/** What a sweep knows: the config file as read now, and which copies this window keeps itself. */
export interface SweepContext {
  /** The config file's path as the window reads it. */
  configPath: string;
  /** Profiles this window's terminals act as: their copies are written as they are used. */
  inUse: ReadonlySet<string>;
  /** Where the copy of `profile` of `source` is (overlayPath). */
  pathOf(source: string, profile: string): string;
  /** The copy of a profile from the config file as it is now; undefined when the profile is no longer in it. */
  build(profile: string): ConfigOverlay | undefined;
  now: number;
}

/** What to do with a copy: nothing, write it again with new bytes, or delete it (the reason for the log). */
export type SweepAction = { kind: 'keep' } | { kind: 'write'; profile: string; bytes: Uint8Array } | { kind: 'delete'; reason: string };

/**
 * What a sweep does with a copy that terminals opened earlier may still read (another profile was
 * active then, or their window is closed while a tmux shell lives on): a copy of this config file
 * is remade from it as it is now; one whose profile is gone from it, or can no longer be served, is
 * deleted, so that `aws` there fails loudly instead of acting on settings the user removed; any copy
 * nothing has written for STALE_COPY_MS is deleted. The copies of profiles in use are the writer's.
 */
export function sweepAction(copy: FoundCopy, context: SweepContext): SweepAction {
  const profile = overlayProfile(copy.bytes);
  const source = overlaySource(copy.bytes);
  const ours = profile !== undefined && source === context.configPath && copy.path === context.pathOf(source, profile);
  if (profile !== undefined && context.inUse.has(profile) && (ours || source === undefined)) return { kind: 'keep' };
  if (!ours) {
    const days = Math.round(STALE_COPY_MS / 86_400_000);
    return context.now - copy.writtenAt > STALE_COPY_MS ? { kind: 'delete', reason: l10n.t('nothing has written it for {0} days', days) } : { kind: 'keep' };
  }
  const overlay = context.build(profile);
  if (overlay === undefined) return { kind: 'delete', reason: l10n.t('profile "{0}" is no longer in {1}', profile, source) };
  if (!overlay.ok) return { kind: 'delete', reason: overlay.reason };
  return equal(copy.bytes, overlay.bytes) ? { kind: 'keep' } : { kind: 'write', profile, bytes: overlay.bytes };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
