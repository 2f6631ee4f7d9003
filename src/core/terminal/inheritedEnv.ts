import { COPIES_FOLDER, COPY_SUFFIX } from './copyHeader';
import { ENDPOINT_VARIABLE, TERMINAL_VARIABLE } from './helperProtocol';
import * as l10n from '@vscode/l10n';

/** What was taken out of an inherited environment, for the log. */
export interface InheritedCleanup {
  env: Record<string, string | undefined>;
  /** One sentence per change; empty when the environment was VS Code's own. */
  notes: string[];
}

/**
 * The extension host's environment as if VS Code had not been started from one of this extension's
 * terminals or debug sessions (F5 on an extension, VS Code started in a tmux of such a terminal):
 * its own variables (`AWS_PROFILES_*`) removed, `AWS_CONFIG_FILE` naming one of its read-only copies
 * replaced by the file the copy was made from (`sourceOf` reads the copy's marker section; removed,
 * so the default file is read, when the copy is gone or names none), and `AWS_PROFILE` /
 * `AWS_DEFAULT_PROFILE` naming the copy's marker (`name@vscode`) removed. The copy is never read as
 * the user's config file.
 */
export function withoutOwnVariables(env: Readonly<Record<string, string | undefined>>, sourceOf: (copy: string) => string | undefined): InheritedCleanup {
  const out: Record<string, string | undefined> = { ...env };
  const notes: string[] = [];
  for (const name of [ENDPOINT_VARIABLE, TERMINAL_VARIABLE]) {
    if (out[name] === undefined) continue;
    delete out[name];
    notes.push(l10n.t('{0} was inherited from a terminal or debug session of AWS Profiles: ignored.', name));
  }
  const config = out.AWS_CONFIG_FILE;
  if (config !== undefined && isCopy(config)) {
    const source = sourceOf(config);
    if (source !== undefined) out.AWS_CONFIG_FILE = source;
    else delete out.AWS_CONFIG_FILE;
    notes.push(l10n.t('AWS_CONFIG_FILE was inherited from a terminal or debug session of AWS Profiles ({0}, a read-only copy): {1} instead.', config, source !== undefined ? `reading ${source}, the file it copies` : 'reading the default config file'));
    for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) {
      const value = out[name];
      if (value === undefined || !value.endsWith('@vscode')) continue;
      delete out[name];
      notes.push(l10n.t('{0}={1}, the copy\'s own profile, was inherited with it: ignored.', name, value));
    }
  }
  return { env: out, notes };
}

/** Whether a path is one of the extension's copies of the config file (in any window's or VS Code's storage). */
function isCopy(path: string): boolean {
  const parts = path.split(/[\\/]+/);
  return parts.length >= 2 && parts[parts.length - 2] === COPIES_FOLDER && parts[parts.length - 1].endsWith(COPY_SUFFIX);
}
