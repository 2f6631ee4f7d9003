import { requireBuilt } from '../base/lazyRequire';
import type { StateStore } from '../core/credentials/credentials';
import type { KeyReport } from '../core/keys/accessKeys';
import type { KeyItemView } from '../core/keys/keyViews';
import type { KeyNodes } from './keyNodes';
import type * as KeysFeature from './keysFeature';
import { KEY_REPORTS_KEY } from './keyState';

/** The long-term keys' feature (dist/feature-keys.js, or keysFeature.ts under tsx), required on the first expansion of a profile with keys or the first rotation. */
export function loadKeysFeature(): typeof KeysFeature {
  return requireBuilt('feature-keys', () => require('./feature-keys.js'), () => require(['.', 'keysFeature'].join('/')));
}

/**
 * The key items as activation holds them: the real KeyNodes (dist/feature-keys.js) is made on the
 * first expansion of a profile with keys, or at once when reports of earlier days are kept (so that
 * an old key is marked and its notification shown); until then nothing of it loads.
 */
export class LazyKeyNodes {
  private real: KeyNodes | undefined;
  private readonly listeners = new Set<(profile: string) => void>();

  constructor(
    private readonly make: (feature: typeof KeysFeature) => KeyNodes,
    private readonly state: StateStore,
  ) {}

  children(profile: string): KeyItemView[] {
    return this.nodes().children(profile);
  }

  keyAge(profile: string): { days: number; old: boolean } | undefined {
    return this.real || this.hasReports() ? this.nodes().keyAge(profile) : undefined;
  }

  refresh(profile: string): Promise<void> {
    return this.nodes().refresh(profile);
  }

  /** The profiles' keys known from earlier reports: one past the limit is offered for rotation (once a day). */
  checkAges(profiles: Iterable<string>): void {
    if (this.real || this.hasReports()) this.nodes().checkAges(profiles);
  }

  onDidChange(listener: (profile: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.listeners.clear();
    this.real?.dispose();
  }

  private hasReports(): boolean {
    return Object.keys(this.state.get<Record<string, KeyReport>>(KEY_REPORTS_KEY) ?? {}).length > 0;
  }

  private nodes(): KeyNodes {
    if (!this.real) {
      this.real = this.make(loadKeysFeature());
      this.real.onDidChange((p) => {
        for (const l of [...this.listeners]) l(p);
      });
    }
    return this.real;
  }
}
