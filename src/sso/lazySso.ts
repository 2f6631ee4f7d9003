import type { SsoTokenService } from '../core/credentials/credentials';
import type { SsoTokens, SsoTokensDeps } from './ssoTokens';
import { isSignedIn, tokenExpiresAt } from './ssoTokenIndex';
import type { SsoSession } from '../core/sso/ssoSession';
import { requireBuilt } from '../base/lazyRequire';
import { posix, win32 } from 'node:path';
import { userHomeOf } from '../aws/files/awsFiles';
import type * as SsoFeature from './ssoFeature';

/**
 * The AWS CLI's IAM Identity Center token cache, `~/.aws/sso/cache`, in the home the CLI expands `~`
 * to (Python's expanduser: USERPROFILE on Windows, not the HOME that Git Bash sets; HOME elsewhere),
 * the same home the AWS files are found in.
 */
export function cliTokenCacheFolder(env: Record<string, string | undefined> = process.env, home?: string, platform: string = process.platform): string {
  return (platform === 'win32' ? win32 : posix).join(userHomeOf(env, home, platform), '.aws', 'sso', 'cache');
}

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
