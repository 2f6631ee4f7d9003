import { requireBuilt } from '../base/lazyRequire';
import type * as CredentialProcess from './credentialProcess';

/** Running a credential_process (dist/feature-process.js, or credentialProcess.ts under tsx), required on the first one: activation does not need it. */
export function loadCredentialProcess(): typeof CredentialProcess {
  return requireBuilt('feature-process', () => require('./feature-process.js'), () => require(['.', 'credentialProcess'].join('/')));
}
