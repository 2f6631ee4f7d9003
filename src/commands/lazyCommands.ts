import type * as CommandsFeature from './commandHandlers';
import { COMMANDS, type CommandName } from '../base/contributions';
import { requireBuilt } from '../base/lazyRequire';

/** The command handlers (dist/feature-commands.js, or commandHandlers.ts under tsx), required when the first command runs. */
export function loadCommandsFeature(): typeof CommandsFeature {
  return requireBuilt('feature-commands', () => require('./feature-commands.js'), () => require(['.', 'commandHandlers'].join('/')));
}

/** Every command's handler, from the handlers made (with dist/feature-commands.js) when the first command runs. */
export function lazyHandlers(make: () => Record<CommandName, CommandsFeature.Handler>): Record<CommandName, CommandsFeature.Handler> {
  let handlers: Record<CommandName, CommandsFeature.Handler> | undefined;
  const out = {} as Record<CommandName, CommandsFeature.Handler>;
  for (const name of Object.keys(COMMANDS) as CommandName[]) out[name] = (...args) => (handlers ??= make())[name](...args);
  return out;
}
