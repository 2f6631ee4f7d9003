import { requireBuilt } from '../base/lazyRequire';
import type * as TerminalSupport from './terminalSupport';

/** What terminals need once a profile is served through the helper (dist/feature-terminals.js, or terminalSupport.ts under tsx), required on first use. */
export function loadTerminalSupport(): typeof TerminalSupport {
  return requireBuilt('feature-terminals', () => require('./feature-terminals.js'), () => require(['.', 'terminalSupport'].join('/')));
}
