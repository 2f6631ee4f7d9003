/** How terminals get their credentials: through the helper and the window's endpoint, or keys in the environment. */
export type TerminalCredentialsMode = 'environment' | 'endpoint';

/** The values of `awsProfiles.terminal.credentials` at each level, as VS Code's `inspect()` gives them. */
export interface ModeSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * How the window's terminals get credentials: the mode is the user's choice (user settings only: a
 * workspace choosing `environment` would put keys on disk when VS Code saves terminal environments),
 * and `off` (no variables in the window's terminals) comes from the user, or from a workspace or
 * folder, which may only turn the variables off, for a project whose `.env` chooses its profile.
 */
export function terminalMode(setting: ModeSetting | undefined): { mode: TerminalCredentialsMode; off: 'user' | 'workspace' | undefined } {
  const workspace = setting?.workspaceFolderValue ?? setting?.workspaceValue;
  return {
    mode: setting?.globalValue === 'environment' ? 'environment' : 'endpoint',
    off: setting?.globalValue === 'off' ? 'user' : workspace === 'off' ? 'workspace' : undefined,
  };
}
