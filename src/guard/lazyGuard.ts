import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';
import { requireBuilt } from '../base/lazyRequire';
import type { ActiveGuard } from '../active/statusModel';
import type { Guard } from '../core/guard/guardRules';
import { looksLikeProduction } from '../core/guard/guardRules';
import type { TerminalLook } from '../terminals/terminalCredentials';
import type * as GuardFeature from './guardFeature';
import type { GuardedUse, ProfileGuard } from './profileGuard';

/** The guards' bundle (dist/feature-guard.js, or guardFeature.ts under tsx). */
export function loadGuardFeature(): typeof GuardFeature {
  return requireBuilt('feature-guard', () => require('./feature-guard.js'), () => require(['.', 'guardFeature'].join('/')));
}

/** Whether the user set a guard or a default profile (user settings only, as guardSettings.ts reads them). */
function guardsConfigured(): boolean {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const guards = config.inspect('guard')?.globalValue;
  const profile = config.inspect('defaultProfile')?.globalValue;
  return (Array.isArray(guards) && guards.length > 0) || (typeof profile === 'string' && profile.trim() !== '');
}

/**
 * The guards as activation holds them: ProfileGuard (dist/feature-guard.js) is loaded at activation
 * when a guard or a default profile is set, when one is set later, or on the first use of a profile
 * that looks like production (to propose a guard); until then no profile is guarded and nothing asks.
 */
export class LazyGuard implements vscode.Disposable {
  private guard: ProfileGuard | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The guards, or the active guarded profile's period, changed: redraw. */
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];

  /** `accountName`: the name of a profile's account, where known (a name that looks like production is proposed for a guard too). */
  constructor(
    private readonly create: (feature: typeof GuardFeature) => ProfileGuard,
    private readonly accountName: (profile: string) => string | undefined,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.guard || !(e.affectsConfiguration(SETTINGS.guard.key) || e.affectsConfiguration(SETTINGS.defaultProfile.key)) || !guardsConfigured()) return;
        this.load().begin();
      }),
    );
  }

  /** Chooses the profile the window starts with (ProfileGuard.start), when a guard or a default profile is set. */
  start(): Promise<void> {
    return guardsConfigured() ? this.load().start() : Promise.resolve();
  }

  guardFor(profile: string): Guard | undefined {
    return this.guard?.guardFor(profile);
  }

  statusGuard(profile: string): ActiveGuard | undefined {
    return this.guard?.statusGuard(profile);
  }

  terminalLook(profile: string): TerminalLook | undefined {
    return this.guard?.terminalLook(profile);
  }

  consoleLine(profile: string, line: string): string {
    return this.guard ? this.guard.consoleLine(profile, line) : line;
  }

  /** Before acting as a profile: ProfileGuard.confirm once loaded, or for a profile that looks like production (the proposal). */
  confirm(profile: string, use: GuardedUse): Promise<boolean> {
    return this.guard || looksLikeProduction(profile, this.accountName(profile)) ? this.load().confirm(profile, use) : Promise.resolve(true);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  private load(): ProfileGuard {
    if (!this.guard) {
      const guard = (this.guard = this.create(loadGuardFeature()));
      this.subscriptions.push(guard, guard.onDidChange(() => this.emitter.fire()));
    }
    return this.guard;
  }
}
