import type { SsoTokenService } from '../core/credentials/credentials';
import type { SsoTokens, SsoTokensDeps } from './ssoTokens';
import { isSignedIn, tokenExpiresAt } from './ssoTokenIndex';
import type { SsoSession } from '../core/sso/ssoSession';
import { requireBuilt } from '../base/lazyRequire';
import type * as SsoFeature from './ssoFeature';

/**
 * The token service as the activation bundle holds it: what it knows without a secret (signed in,
 * until when) from the index, and the rest from the real one (dist/feature-sso.js), made on first
 * use. Profiles that are not IAM Identity Center's never load it.
 */
export class LazySsoTokens implements SsoTokenService {
  private real: SsoTokens | undefined;

  constructor(private readonly deps: Omit<SsoTokensDeps, 'ui'>) {}

  isSignedIn(session: SsoSession): boolean {
    return this.real ? this.real.isSignedIn(session) : isSignedIn(this.deps.state, this.deps.clock, session);
  }

  expiresAt(session: SsoSession): number | undefined {
    return this.real ? this.real.expiresAt(session) : tokenExpiresAt(this.deps.state, session);
  }

  token(session: SsoSession, options: Parameters<SsoTokenService['token']>[1]): Promise<string> {
    return this.service().token(session, options);
  }

  signIn(session: SsoSession): Promise<void> {
    return this.service().signIn(session);
  }

  signOut(session: SsoSession): Promise<void> {
    return this.service().signOut(session);
  }

  dispose(): void {
    this.real?.dispose();
  }

  private service(): SsoTokens {
    if (!this.real) {
      const feature = loadSsoFeature();
      this.real = new feature.SsoTokens({ ...this.deps, ui: feature.createSsoSignInUi() });
    }
    return this.real;
  }
}

/** IAM Identity Center's token service, sign-in and commands (dist/feature-sso.js, or ssoFeature.ts under tsx), required on first use. */
export function loadSsoFeature(): typeof SsoFeature {
  return requireBuilt('feature-sso', () => require('./feature-sso.js'), () => require(['.', 'ssoFeature'].join('/')));
}
