/**
 * The activation period of a guarded profile: it begins when the user confirms acting as it (or a
 * window starts as it), and ends at its time box (`maxActiveMinutes`), when the window stops acting
 * as it, or with the window. What the window starts with and falls back to, and which terminals keep
 * the guarded profile after the fallback. Pure: every time comes from the caller's clock.
 */
import { needsAttention, type Guard } from './guardRules';
import * as l10n from '@vscode/l10n';

/** One activation period: confirmed at `startedAt`, over at `endsAt` (null: no time box). */
export interface Period {
  profile: string;
  startedAt: number;
  endsAt: number | null;
  /** The window's profile before this one became it (undefined: none), where the window falls back to. */
  previous?: string;
}

/** The warning comes this long before the end of a time box (half the box for boxes under ten minutes). */
export const WARN_BEFORE_MS = 5 * 60_000;

/** A new period from now, with the guard's time box. */
export function openPeriod(profile: string, guard: Guard, now: number, previous?: string): Period {
  const period: Period = { profile, startedAt: now, endsAt: guard.maxActiveMinutes === undefined ? null : now + guard.maxActiveMinutes * 60_000 };
  if (previous !== undefined) period.previous = previous;
  return period;
}

/** The period given another full time box from now ("Extend"). */
export function extendPeriod(period: Period, guard: Guard, now: number): Period {
  return { ...period, endsAt: guard.maxActiveMinutes === undefined ? null : now + guard.maxActiveMinutes * 60_000 };
}

/** When the warning before the end is due (undefined: no time box). */
export function warningAt(period: Period): number | undefined {
  if (period.endsAt === null) return undefined;
  return period.endsAt - Math.min(WARN_BEFORE_MS, (period.endsAt - period.startedAt) / 2);
}

/** Where a period stands: running, in its last minutes (`warning`), or over. */
export type Phase = 'open' | 'warning' | 'over';

export function phaseOf(period: Period, now: number): Phase {
  if (period.endsAt === null) return 'open';
  if (now >= period.endsAt) return 'over';
  return now >= warningAt(period)! ? 'warning' : 'open';
}

/** When the phase changes next (undefined: never). */
export function nextChangeAt(period: Period, now: number): number | undefined {
  const phase = phaseOf(period, now);
  if (phase === 'open') return warningAt(period);
  if (phase === 'warning') return period.endsAt!;
  return undefined;
}

/** Whether a period still spares the user the question (its time box not over). */
export function isOpen(period: Period | undefined, now: number): period is Period {
  return period !== undefined && phaseOf(period, now) !== 'over';
}

/** What the window may fall back to or start with: a profile in the files that no guard holds back. */
export type Candidate = (name: string) => boolean;

/**
 * The profile a window falls back to when a guarded profile's time is up: the one it had before, if
 * that is a profile no guard asks about; else `awsProfiles.defaultProfile` on the same terms; else none.
 */
export function fallbackProfile(previous: string | undefined, defaultProfile: string | undefined, usable: Candidate): string | undefined {
  for (const name of [previous, defaultProfile]) if (name !== undefined && name !== '' && usable(name)) return name;
  return undefined;
}

/** What a window starts with, and why when it is not what the workspace remembered. */
export interface StartChoice {
  profile: string | undefined;
  /** Set when the window does not start with the remembered profile (for the log). */
  reason?: string;
}

/** What decides the profile a window starts with. */
export interface StartInput {
  /** The workspace's remembered profile; `chosen` false when it never chose one (not even "No profile"). */
  remembered: string | undefined;
  chosen: boolean;
  /** `awsProfiles.defaultProfile` ('' or undefined: none). */
  defaultProfile: string | undefined;
  guardOf(name: string): Guard | undefined;
  exists(name: string): boolean;
  /** The remembered profile's stored period, if any. */
  period: Period | undefined;
  now: number;
}

/**
 * The profile a window starts with: the remembered one, unless it is guarded (it asks or is
 * time-boxed) and its period is over or unknown (then the default); the default profile when the
 * workspace never chose one. The default itself is skipped when a guard asks about it.
 */
export function startProfile(input: StartInput): StartChoice {
  const { remembered, defaultProfile, guardOf, exists } = input;
  const fallback = () => fallbackProfile(undefined, defaultProfile, (n) => exists(n) && !needsAttention(guardOf(n)));
  if (!input.chosen) {
    const profile = fallback();
    if (defaultProfile && profile === undefined) {
      return { profile, reason: exists(defaultProfile) ? l10n.t('awsProfiles.defaultProfile "{0}" is guarded: the window starts with no profile.', defaultProfile) : l10n.t('awsProfiles.defaultProfile names "{0}", which is not in the AWS files: the window starts with no profile.', defaultProfile) };
    }
    return { profile, reason: profile === undefined ? undefined : l10n.t('The window starts with the default profile "{0}" (awsProfiles.defaultProfile).', profile) };
  }
  if (remembered === undefined || !needsAttention(guardOf(remembered))) return { profile: remembered };
  if (input.period?.profile === remembered && isOpen(input.period, input.now)) return { profile: remembered };
  const profile = fallback();
  const over = input.period?.profile === remembered ? l10n.t('its time box is over') : l10n.t('select it again to act as it');
  return { profile, reason: l10n.t('Profile "{0}" is guarded ({1}): the window starts with {2}.', remembered, over, profile === undefined ? 'no profile' : `"${profile}"`) };
}

/** A terminal of the window as the guard sees it. */
export interface TerminalUse {
  name: string;
  /** The profile it acts as. */
  profile: string;
  /** A terminal of its own ("Open Terminal with Profile…"): served for its profile until it closes. */
  own: boolean;
  /** The command lines running in it now, as shell integration reports them. */
  running: readonly string[];
}

/**
 * Whether a terminal keeps its profile when the window falls back: a terminal of its own keeps it
 * until it is closed; one fed by the window's collection acts as the window's profile, so the
 * fallback takes its profile away (its next request for credentials is refused).
 */
export function keepsProfile(terminal: Pick<TerminalUse, 'own'>): boolean {
  return terminal.own;
}

/**
 * The terminals that hold back the fallback from `profile`: those that would lose it (not their
 * own) while a command runs in them, so that nothing is cut off mid-way.
 */
export function fallbackBlockers(terminals: readonly TerminalUse[], profile: string): TerminalUse[] {
  return terminals.filter((t) => t.profile === profile && !keepsProfile(t) && t.running.length > 0);
}
