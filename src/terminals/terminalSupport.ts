// What terminals need once a profile is served through the helper, loaded on first use
// (dist/feature-terminals.js, see lazyTerminalSupport.ts): the copy of the config file, the window's
// endpoint and the files behind them.
export { CredentialEndpoint, EndpointInUseError } from './credentialEndpoint';
export { copiesIn, endpointPath, installHelper, overlayPath, privateDirectory, readIfExists, removeCopy, writeReadOnly } from './terminalFiles';
export { buildConfigOverlay } from '../core/terminal/configOverlay';
export { sweepAction } from '../core/terminal/staleCopies';
export { helperAccess } from '../core/terminal/helperAccess';
