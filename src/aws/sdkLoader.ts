import type * as ErrorSentences from './errorSentences';
import type { Ec2Sdk } from './ec2Gateway';
import type { SsoSdk } from './ssoGateway';
import type { StsSdk } from './stsGateway';

/**
 * Loads the STS SDK module on first use. In the shipped extension it is dist/sdk-sts.js next to
 * dist/extension.js (kept out of the activation bundle: scripts/build.mjs marks it external); under
 * tsx (tests, bench from source) there is no such file and the TypeScript source is required
 * instead, through a computed path that esbuild leaves alone.
 */
export function loadStsSdk(): StsSdk {
  return loadSdkModule<StsSdk>('sts', () => require('./sdk-sts.js'));
}

/** Loads the EC2 SDK module (dist/sdk-ec2.js, or src/aws/sdk/ec2.ts under tsx) on first use, as loadStsSdk does. */
export function loadEc2Sdk(): Ec2Sdk {
  return loadSdkModule<Ec2Sdk>('ec2', () => require('./sdk-ec2.js'));
}

/** Loads the IAM Identity Center SDK module (dist/sdk-sso.js, or src/aws/sdk/sso.ts under tsx) on first use, as loadStsSdk does. */
export function loadSsoSdk(): SsoSdk {
  return loadSdkModule<SsoSdk>('sso', () => require('./sdk-sso.js'));
}

/** The sentences for failed calls (dist/feature-errors.js, or src/aws/errorSentences.ts under tsx), required on the first failure. */
export function loadErrorSentences(): typeof ErrorSentences {
  return requireBuilt('feature-errors', () => require('./feature-errors.js'), () => require(['.', 'errorSentences'].join('/')));
}

/** The bundle `dist/sdk-<name>.js` (a literal require each, so esbuild keeps it external), else the source `./sdk/<name>`. */
function loadSdkModule<T>(name: string, fromBundle: () => unknown): T {
  return requireBuilt<{ sdk: T }>(`sdk-${name}`, fromBundle, () => require(['.', 'sdk', name].join('/'))).sdk;
}

/**
 * A bundle of its own next to the activation bundle (`fromBundle`: a literal require, which esbuild
 * keeps external), else, under tsx (tests and the bench from source) where there is no such file,
 * the TypeScript source (`fromSource`: a computed path, which esbuild leaves alone). Any other
 * failure to load the bundle is thrown, a shared chunk it requires that is missing among them (Node
 * names the bundle in that error's require stack, not in its first line).
 */
export function requireBuilt<T>(bundle: string, fromBundle: () => unknown, fromSource: () => unknown): T {
  try {
    return fromBundle() as T;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).split('\n')[0].includes(`${bundle}.js`)) throw e;
  }
  return fromSource() as T;
}
