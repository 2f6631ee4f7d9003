import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';
import { parseGuards, proposedEntry, type GuardEntry } from '../core/guard/guardRules';

/**
 * The guards and the default profile, from the user settings only: both settings are
 * application-scoped, and a workspace's value is not read even where VS Code would show one, so a
 * repository can neither add nor remove a guard, nor choose the profile a window falls back to.
 */
export function readGuardSettings(): { entries: GuardEntry[]; problems: string[]; defaultProfile: string | undefined } {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const { entries, problems } = parseGuards(config.inspect('guard')?.globalValue);
  const named = config.inspect('defaultProfile')?.globalValue;
  const defaultProfile = typeof named === 'string' && named.trim() !== '' ? named.trim() : undefined;
  return { entries, problems, defaultProfile };
}

/** Whether a configuration change touches the guards or the default profile. */
export function affectsGuards(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SETTINGS.guard.key) || e.affectsConfiguration(SETTINGS.defaultProfile.key);
}

/** Adds a guard for a profile to the user settings ("Guard It"), keeping the entries already there. */
export async function addGuard(profile: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const current = config.inspect('guard')?.globalValue;
  await config.update('guard', [...(Array.isArray(current) ? current : []), proposedEntry(profile)], vscode.ConfigurationTarget.Global);
}
