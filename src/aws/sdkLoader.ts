import { requireBuilt } from '../base/lazyRequire';
import type * as ErrorSentences from './errorSentences';
import type * as LoginCredentials from './login/loginCredentials';
import type { Ec2Sdk } from './ec2/ec2Gateway';
import type { IamSdk } from './iam/iamGateway';
import type { IamKeysSdk } from './iam/accessKeysGateway';
import type { SsoSdk } from './sso/ssoGateway';
import type { StsSdk } from './sts/stsGateway';

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

/** Loads the IAM SDK module (dist/sdk-iam.js, or src/aws/sdk/iam.ts under tsx) on first use, as loadStsSdk does. */
export function loadIamSdk(): IamSdk {
  return loadSdkModule<IamSdk>('iam', () => require('./sdk-iam.js'));
}

/** The IAM SDK module with the access-key calls (issue 24): the same bundle as loadIamSdk, with all it exports. */
export function loadIamKeysSdk(): IamKeysSdk {
  return loadSdkModule<IamKeysSdk>('iam', () => require('./sdk-iam.js'));
}

/** The sentences for failed calls (dist/feature-errors.js, or src/aws/errorSentences.ts under tsx), required on the first failure. */
export function loadErrorSentences(): typeof ErrorSentences {
  return requireBuilt('feature-errors', () => require('./feature-errors.js'), () => require(['.', 'errorSentences'].join('/')));
}

/** The credentials of `aws login` profiles (dist/feature-login.js, or src/aws/login/loginCredentials.ts under tsx), required on first use. */
export function loadLogin(): typeof LoginCredentials {
  return requireBuilt('feature-login', () => require('./feature-login.js'), () => require(['.', 'login', 'loginCredentials'].join('/')));
}

/** The bundle `dist/sdk-<name>.js` (a literal require each, so esbuild keeps it external), else the source `./sdk/<name>`. */
function loadSdkModule<T>(name: string, fromBundle: () => unknown): T {
  return requireBuilt<{ sdk: T }>(`sdk-${name}`, fromBundle, () => require(['.', 'sdk', name].join('/'))).sdk;
}
