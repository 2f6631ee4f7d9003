import { requireBuilt } from '../base/lazyRequire';
import type { KeyItemView } from '../core/keys/keyViews';
import type { KeyNodes } from './keyNodes';
import type * as KeysFeature from './keysFeature';
import type { KeyFeatureDeps } from './keysFeature';
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

  constructor(private readonly deps: KeyFeatureDeps) {}

  children(profile: string): KeyItemView[] {
    return this.nodes().children(profile);
  }

  keyAge(profile: string): { text: string; mark?: string } | undefined {
    return this.known()?.keyAge(profile);
  }

  refresh(profile: string): Promise<void> {
    return this.nodes().refresh(profile);
  }

  /** The keys known from earlier reports: one past the limit is offered for rotation (once a day). */
  checkAges(): void {
    this.known()?.checkAges();
  }

  /** The real items when loaded, or loaded now because reports of earlier days are kept (a key's report is kept 30 days). */
  private known(): KeyNodes | undefined {
    return this.real ?? (this.deps.state.get(KEY_REPORTS_KEY) ? this.nodes() : undefined);
  }

  private nodes(): KeyNodes {
    return (this.real ??= loadKeysFeature().createKeyNodes(this.deps));
  }
}
