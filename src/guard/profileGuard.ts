import * as vscode from 'vscode';
import type { ActiveSession } from '../active/activeSession';
import type { ActiveGuard } from '../active/statusModel';
import type { Clock, CredentialService, StateStore } from '../core/credentials/credentials';
import { accountLabel, colouredLine, guardOf, looksLikeProduction, needsAttention, type Guard } from '../core/guard/guardRules';
import { extendPeriod, fallbackBlockers, fallbackProfile, isOpen, keepsProfile, nextChangeAt, openPeriod, phaseOf, startProfile, type Period } from '../core/guard/timeBox';
import { formatRemaining } from '../core/credentials/lifetime';
import type { AccountNames } from '../profiles/accountNames';
import type { ActiveProfile } from '../profiles/activeProfile';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import { profileFacts } from '../profiles/profileFacts';
import type { TerminalCredentials, TerminalLook } from '../terminals/terminalCredentials';
import { addGuard, affectsGuards, readGuardSettings } from './guardSettings';
import { TerminalActivity } from './terminalActivity';

/** The guards' clock; a test build's can jump forward (testClock.ts). */
export interface GuardClock extends Clock {
  onDidJump?(listener: () => void): { dispose(): void };
}

/** What the guards work with (built in activate()). */
export interface ProfileGuardOptions {
  catalog: ProfileCatalog;
  credentials: CredentialService;
  active: ActiveProfile;
  session: ActiveSession;
  terminals: Pick<TerminalCredentials, 'actsAs'>;
  /** This workspace's state: the active guarded profile's period, so that a reload neither asks again nor resets its time box. */
  workspaceState: StateStore;
  /** Shared state: the profiles already proposed for a guard. */
  globalState: StateStore;
  clock: GuardClock;
  log: vscode.LogOutputChannel;
  /** The names of accounts known from IAM Identity Center, shown beside their ids. */
  accountNames: Pick<AccountNames, 'get'>;
}

/** workspaceState key: the period of the window's active guarded profile. */
const PERIOD_KEY = 'awsProfiles.guardPeriod.v1';
/** globalState key: the profiles that looked like production and were proposed for a guard, once each. */
const PROPOSED_KEY = 'awsProfiles.guardProposed.v1';
/** The longest a timer waits before the guard looks at the clock again. */
const MAX_WAIT_MS = 60 * 60_000;

/** What a use of a profile is, for the log. */
export type GuardedUse = 'select' | 'terminal' | 'debug';

/**
 * The guards of sensitive profiles (`awsProfiles.guard`): which profile is guarded and how it shows,
 * the question before acting as one (once per activation period), its time box and the window's
 * fall back to the profile before (or `awsProfiles.defaultProfile`), the profile a window starts
 * with, and the proposal to guard a profile that looks like production.
 */
export class ProfileGuard implements vscode.Disposable {
  private settings = readGuardSettings();
  /** Open periods by profile: the active profile's, and those of profiles used in terminals or debug sessions. */
  private readonly periods = new Map<string, Period>();
  /** The window's profile as last seen, so that a change knows where it came from. */
  private last: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The end of the time box the user was warned about, and whether the user was told that a command holds the fallback back. */
  private warnedFor: number | undefined;
  private heldBackFor: number | undefined;
  /** The terminals last logged as holding back the end of the time box warned about (its end and their names). */
  private holdsNoted = '';
  private ending: Promise<void> | undefined;
  /** What the views last heard of (the guards, the active profile's period), so that they redraw only when it changes. */
  private shown = '';
  /**
   * False until start() chose the window's profile (or begin() was called): until then nothing opens a
   * period or stores one, so that the period a reload left is judged as it was.
   */
  private started = false;
  private readonly activity: TerminalActivity;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The guards, or the active guarded profile's period, changed: redraw. */
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];

  constructor(private readonly o: ProfileGuardOptions) {
    this.last = o.active.name;
    this.activity = new TerminalActivity((t) => o.terminals.actsAs(t));
    this.logProblems();
    this.subscriptions.push(
      this.activity,
      this.activity.onDidChange(() => {
        if (this.heldBackFor !== undefined) this.check();
        else this.noteHolds();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsGuards(e)) return;
        this.settings = readGuardSettings();
        this.logProblems();
        o.log.info(`The guards changed: ${this.settings.entries.length} entr${this.settings.entries.length === 1 ? 'y' : 'ies'} in awsProfiles.guard.`);
        this.reconcile();
      }),
      o.active.onDidChange((name) => this.activeChanged(name)),
      // An account entry may start to match once a profile's account is known (a caller identity noted, a file edited).
      o.catalog.onDidChange(() => this.reconcile()),
      o.credentials.onDidChange(() => {
        if (this.settings.entries.some((e) => e.account !== undefined)) this.reconcile();
      }),
      // Timers stand still while the computer sleeps: coming back to the window looks at the clock again.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.check();
      }),
    );
    const jumps = o.clock.onDidJump?.(() => this.check());
    if (jumps) this.subscriptions.push(jumps);
  }

  /** The guard of a profile (undefined: none), with its account from the files or a noted caller identity. */
  guardFor(profile: string): Guard | undefined {
    if (this.settings.entries.length === 0) return undefined;
    return guardOf(profile, this.accountOf(profile), this.settings.entries, (id) => this.o.accountNames.get(id));
  }

  /** A profile's account id: its role ARN's, its sso_account_id, or the caller identity noted for it. */
  private accountOf(profile: string): string | undefined {
    return profileFacts(this.o.catalog.snapshot.analysis, profile, this.o.credentials.status(profile))?.account;
  }

  /** The guard of the window's active profile as the status bar shows it: with the time box's end and where the window then goes. */
  statusGuard(profile: string): ActiveGuard | undefined {
    const guard = this.guardFor(profile);
    if (!guard) return undefined;
    const period = this.periods.get(profile);
    if (period === undefined || period.endsAt === null) return guard;
    return { ...guard, endsAt: period.endsAt, returnsTo: this.fallbackFor(period) };
  }

  /** How the terminals of a guarded profile show: the tab's colour and icon, a name that says it keeps the profile, the collection's hover. */
  terminalLook(profile: string): TerminalLook | undefined {
    const guard = this.guardFor(profile);
    if (!guard) return undefined;
    const account = accountLabel(guard);
    return {
      // Terminal tabs draw only the ANSI colours: orange shows as the theme's yellow.
      color: guard.color === 'red' ? 'terminal.ansiRed' : 'terminal.ansiYellow',
      icon: 'shield',
      name: vscode.l10n.t('AWS: {0} (until closed)', profile),
      hover: account === undefined
        ? vscode.l10n.t('Guarded profile. When this window stops acting as it, terminals like this one lose it at their next request for credentials; terminals opened with "Open Terminal with Profile…" keep it until closed.')
        : vscode.l10n.t('Guarded profile, account {0}. When this window stops acting as it, terminals like this one lose it at their next request for credentials; terminals opened with "Open Terminal with Profile…" keep it until closed.', account),
    };
  }

  /** The debug console's line of a session acting as the profile, in the guard's colour. */
  consoleLine(profile: string, line: string): string {
    const guard = this.guardFor(profile);
    return guard ? colouredLine(guard.color, line) : line;
  }

  /**
   * Before the window, a terminal or a debug session acts as `profile`: a guard that asks does so
   * once per activation period (a modal); false when the user did not confirm. A profile that is not
   * guarded but looks like production is proposed for a guard, once.
   */
  async confirm(profile: string, use: GuardedUse): Promise<boolean> {
    this.begin();
    await this.o.catalog.ready();
    const guard = this.guardFor(profile);
    if (!guard) {
      this.propose(profile);
      return true;
    }
    const now = this.o.clock.now();
    if (isOpen(this.periods.get(profile), now)) return true;
    if (guard.confirm) {
      const account = accountLabel(guard);
      const question = account === undefined ? vscode.l10n.t('Act as {0} in this window?', profile) : vscode.l10n.t('Act as {0} ({1}) in this window?', profile, account);
      const detail =
        guard.maxActiveMinutes === undefined
          ? vscode.l10n.t('"{0}" is guarded (awsProfiles.guard). You are not asked again until this window stops acting as it.', profile)
          : vscode.l10n.t('"{0}" is guarded (awsProfiles.guard) for {1} at a time: then the window acts as the profile it had before. Terminals opened with "Open Terminal with Profile…" keep it until closed.', profile, formatRemaining(guard.maxActiveMinutes * 60_000, 'long'));
      const act = vscode.l10n.t('Act as {0}', profile);
      const answer = await vscode.window.showWarningMessage(question, { modal: true, detail }, act);
      if (answer !== act) {
        this.o.log.info(`Did not act as the guarded profile "${profile}" (${use}): not confirmed.`);
        return false;
      }
    }
    const period = openPeriod(profile, guard, now);
    this.periods.set(profile, period);
    this.o.log.info(`Acting as the guarded profile "${profile}"${guard.account ? ` (account ${guard.account})` : ''} in this window (${use}${guard.confirm ? ', confirmed' : ''})${period.endsAt === null ? '' : ` until ${this.time(period.endsAt)}`}.`);
    this.changed();
    return true;
  }

  /**
   * The profile the window starts with (before the active session starts): the default profile when
   * the workspace never chose one; the remembered one unless its guard asks or time-boxes it and its
   * period is over or unknown. Reads the files only when a guard or a default profile needs them.
   */
  async start(): Promise<void> {
    const { active, catalog, log } = this.o;
    const { defaultProfile, entries } = this.settings;
    const remembered = active.name;
    const chosen = active.chosen;
    const stored = this.o.workspaceState.get<Period>(PERIOD_KEY);
    const period = isPeriod(stored) ? stored : undefined;
    if (chosen ? remembered === undefined || entries.length === 0 : defaultProfile === undefined) return this.begin();
    const { analysis } = await catalog.ready();
    const choice = startProfile({ remembered, chosen, defaultProfile, guardOf: (n) => this.guardFor(n), exists: (n) => analysis.model.profiles.has(n), period, now: this.o.clock.now() });
    if (choice.reason) log.info(choice.reason);
    if (period !== undefined && period.profile === remembered && choice.profile === remembered) this.periods.set(period.profile, period);
    this.started = true;
    // A default profile that is missing or guarded leaves a window that never chose as it was (it may be there next time).
    if (active.name !== remembered || (choice.profile === remembered && chosen) || (choice.profile === undefined && !chosen)) return this.activeChanged(active.name);
    await active.set(choice.profile);
  }

  /** From now on the guard follows the window (loaded after the window started: a guard set later, a profile that looks like production used). */
  begin(): void {
    if (this.started) return;
    this.started = true;
    this.last = this.o.active.name;
    this.reconcile();
  }

  /** Looks at the clock: warns before the end of the active profile's time box, falls back once it is over. */
  check(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const name = this.o.active.name;
    const period = name === undefined ? undefined : this.periods.get(name);
    if (!period || period.endsAt === null) return;
    const now = this.o.clock.now();
    const phase = phaseOf(period, now);
    if (phase === 'warning' && this.warnedFor !== period.endsAt) this.warn(period, now);
    if (phase === 'over') {
      void this.end(period, false);
      return;
    }
    const next = nextChangeAt(period, now);
    if (next !== undefined) this.timer = setTimeout(() => this.check(), Math.min(MAX_WAIT_MS, Math.max(0, next - now)) + 50);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }

  /** The window's profile changed: the period of the one it leaves ends; a guarded one it turns to gets one (from a confirmation, or now). */
  private activeChanged(name: string | undefined): void {
    if (!this.started) {
      this.last = name;
      return;
    }
    const previous = this.last;
    this.last = name;
    if (previous !== undefined && previous !== name) this.periods.delete(previous);
    const guard = name === undefined ? undefined : this.guardFor(name);
    if (name !== undefined && guard) {
      const now = this.o.clock.now();
      const open = this.periods.get(name);
      const period = isOpen(open, now) ? { ...open } : openPeriod(name, guard, now);
      if (previous !== name) {
        if (previous === undefined) delete period.previous;
        else period.previous = previous;
      }
      this.periods.set(name, period);
    }
    this.warnedFor = undefined;
    this.heldBackFor = undefined;
    this.changed();
  }

  /** The guards or the files changed: the active profile gets a period if it became guarded, loses it if no longer. */
  private reconcile(): void {
    if (!this.started) return;
    const name = this.o.active.name;
    for (const profile of [...this.periods.keys()]) if (!this.guardFor(profile)) this.periods.delete(profile);
    if (name !== undefined && !this.periods.has(name)) {
      const guard = this.guardFor(name);
      if (guard) this.periods.set(name, openPeriod(name, guard, this.o.clock.now()));
    }
    this.changed();
  }

  /** Keeps the active profile's period for a reload, looks at the clock, tells the views when what they show changed. */
  private changed(): void {
    if (!this.started) return;
    const name = this.o.active.name;
    const period = name === undefined ? undefined : this.periods.get(name);
    if (JSON.stringify(period) !== JSON.stringify(this.o.workspaceState.get(PERIOD_KEY))) void this.o.workspaceState.update(PERIOD_KEY, period);
    this.check();
    const shown = JSON.stringify([this.settings, name, period, name === undefined ? undefined : this.guardFor(name)]);
    if (shown === this.shown) return;
    this.shown = shown;
    this.emitter.fire();
  }

  /**
   * After the warning, logs which terminals' commands the end of the time box will wait for (their
   * names only: a command line may hold a secret), once for each change of that set.
   */
  private noteHolds(): void {
    const name = this.o.active.name;
    const period = name === undefined ? undefined : this.periods.get(name);
    if (!period || period.endsAt === null || this.warnedFor !== period.endsAt) return;
    const names = fallbackBlockers(this.activity.terminals(), period.profile).map((t) => `"${t.name}"`);
    const noted = `${period.endsAt}|${names.join(', ')}`;
    if (names.length === 0 || noted === this.holdsNoted) return;
    this.holdsNoted = noted;
    this.o.log.info(`A command runs in terminal ${names.join(', ')}, which would lose profile "${period.profile}": the end of its time box waits for it.`);
  }

  /** "Profile "prod" ends in 5 min in this window: then it acts as "default"." with Extend and End Now. */
  private warn(period: Period, now: number): void {
    this.warnedFor = period.endsAt!;
    const fallback = this.fallbackFor(period);
    // Whole minutes rounded up: 3 min 50 s left "ends in 4 min".
    const left = formatRemaining(Math.ceil((period.endsAt! - now) / 60_000) * 60_000, 'long');
    const message =
      fallback === undefined
        ? vscode.l10n.t('Profile "{0}" ends in {1} in this window: then it acts as no profile.', period.profile, left)
        : vscode.l10n.t('Profile "{0}" ends in {1} in this window: then it acts as "{2}".', period.profile, left, fallback);
    this.o.log.info(message);
    const extend = vscode.l10n.t('Extend');
    const endNow = vscode.l10n.t('End Now');
    void vscode.window.showWarningMessage(message, extend, endNow).then((choice) => {
      if (choice === extend) this.extend(period.profile);
      else if (choice === endNow) void this.end(period, true);
    });
  }

  /** Another full time box from now, for the active profile, if its period is still on. */
  private extend(profile: string): void {
    const period = this.periods.get(profile);
    const guard = this.guardFor(profile);
    if (!period || !guard || this.o.active.name !== profile) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" is no longer active in this window: select it again to act as it.', profile));
      return;
    }
    const extended = extendPeriod(period, guard, this.o.clock.now());
    this.periods.set(profile, extended);
    this.warnedFor = undefined;
    this.heldBackFor = undefined;
    this.o.log.info(`Profile "${profile}" acts in this window until ${this.time(extended.endsAt!)} (extended).`);
    this.changed();
  }

  /**
   * The time box is over: the window falls back to the profile before (or the default profile), unless
   * a command still runs in a terminal that would lose the profile (then once it ends, or End Now).
   * Terminals of their own keep the profile until closed.
   */
  private end(period: Period, now: boolean): Promise<void> {
    if (this.ending) return this.ending;
    const { log, session } = this.o;
    const profile = period.profile;
    if (this.o.active.name !== profile || this.periods.get(profile) !== period) return Promise.resolve();
    const terminals = this.activity.terminals();
    const blockers = now ? [] : fallbackBlockers(terminals, profile);
    const fallback = this.fallbackFor(period);
    const to = fallback === undefined ? vscode.l10n.t('no profile') : `"${fallback}"`;
    if (blockers.length > 0) {
      if (this.heldBackFor === period.endsAt) return Promise.resolve();
      this.heldBackFor = period.endsAt!;
      // The terminals' names only: a command line may hold a secret.
      const names = blockers.map((t) => `"${t.name}"`).join(', ');
      const message = vscode.l10n.t('The time box of profile "{0}" is over, but a command still runs in terminal {1}: this window acts as {2} once it ends.', profile, names, to);
      log.info(message);
      const endNow = vscode.l10n.t('End Now');
      void vscode.window.showWarningMessage(message, endNow).then((choice) => {
        if (choice === endNow) void this.end(period, true);
      });
      return Promise.resolve();
    }
    const kept = terminals.filter((t) => t.profile === profile && keepsProfile(t)).map((t) => `"${t.name}"`);
    this.ending = (async () => {
      log.info(`The time box of profile "${profile}" is over${now ? ' (ended by you)' : ''}: this window acts as ${to} again.${kept.length > 0 ? ` ${kept.join(', ')} keep${kept.length === 1 ? 's' : ''} "${profile}" until closed.` : ''}`);
      try {
        await session.select(fallback, false);
      } catch (e) {
        log.warn(`After the time box of "${profile}": ${(e as Error).message}`);
      }
      const message =
        fallback === undefined
          ? vscode.l10n.t('The time box of profile "{0}" is over: this window acts as no profile. Terminals opened with "Open Terminal with Profile…" keep it until closed.', profile)
          : vscode.l10n.t('The time box of profile "{0}" is over: this window acts as "{1}" again. Terminals opened with "Open Terminal with Profile…" keep it until closed.', profile, fallback);
      void vscode.window.showInformationMessage(message);
    })().finally(() => (this.ending = undefined));
    return this.ending;
  }

  /** Where the window falls back from a period: the profile before, else the default profile; never one a guard asks about. */
  private fallbackFor(period: Period): string | undefined {
    const { profiles } = this.o.catalog.snapshot.analysis.model;
    return fallbackProfile(period.previous, this.settings.defaultProfile, (n) => profiles.has(n) && !needsAttention(this.guardFor(n)));
  }

  /** Proposes a guard for a profile whose name, or its account's, looks like production, once per profile. */
  private propose(profile: string): void {
    const account = this.accountOf(profile);
    if (!looksLikeProduction(profile, account === undefined ? undefined : this.o.accountNames.get(account))) return;
    const proposed = this.o.globalState.get<string[]>(PROPOSED_KEY) ?? [];
    if (proposed.includes(profile)) return;
    void this.o.globalState.update(PROPOSED_KEY, [...proposed, profile]);
    const guardIt = vscode.l10n.t('Guard It');
    const notThis = vscode.l10n.t('Not This One');
    const message = vscode.l10n.t('"{0}" looks like a production profile. Guard it? While it is active the status bar turns red, and acting as it asks first (awsProfiles.guard).', profile);
    void vscode.window.showInformationMessage(message, guardIt, notThis).then(async (choice) => {
      if (choice !== guardIt) return;
      await addGuard(profile);
      this.o.log.info(`Guarded profile "${profile}" (added to awsProfiles.guard in your user settings).`);
    });
  }

  private logProblems(): void {
    for (const p of this.settings.problems) this.o.log.warn(p);
  }

  private time(epochMs: number): string {
    return new Date(epochMs).toLocaleTimeString();
  }
}

/** Whether a stored value is a period (workspaceState may hold anything an older version wrote). */
function isPeriod(v: unknown): v is Period {
  const p = v as Period | undefined;
  return typeof p?.profile === 'string' && typeof p.startedAt === 'number' && (p.endsAt === null || typeof p.endsAt === 'number');
}
