import type * as CommandsFeature from '../commands/commandHandlers';
import type * as TerminalSupport from '../terminals/terminalSupport';
import { requireBuilt } from '../aws/sdkLoader';
import type * as DebugFeature from '../debug/debugFeature';
import type * as SsoFeature from '../sso/ssoFeature';

/**
 * Parts of the extension that activation does not need, each bundled on its own and required on
 * first use (scripts/build.mjs lists them; each `require` is a literal, so esbuild leaves it alone):
 * dist/feature-commands.js (the command handlers), dist/feature-sso.js (IAM Identity Center sign-in,
 * tokens, Add Profiles), dist/feature-terminals.js (the copies of the config file, the window's
 * endpoint), dist/feature-debug.js (debug sessions acting as a profile, launch.json completion). Under tsx (tests from source) there is no such file and the TypeScript source is
 * required instead, through a computed path.
 */

export function loadCommandsFeature(): typeof CommandsFeature {
  return load('feature-commands', () => require('./feature-commands.js'), ['..', 'commands', 'commandHandlers']);
}

export function loadSsoFeature(): typeof SsoFeature {
  return load('feature-sso', () => require('./feature-sso.js'), ['..', 'sso', 'ssoFeature']);
}

export function loadTerminalSupport(): typeof TerminalSupport {
  return load('feature-terminals', () => require('./feature-terminals.js'), ['..', 'terminals', 'terminalSupport']);
}

export function loadDebugFeature(): typeof DebugFeature {
  return load('feature-debug', () => require('./feature-debug.js'), ['..', 'debug', 'debugFeature']);
}

function load<T>(bundle: string, fromBundle: () => unknown, source: string[]): T {
  // The computed path is required here, so that it is resolved from src/base.
  return requireBuilt<T>(bundle, fromBundle, () => require(source.join('/')));
}
