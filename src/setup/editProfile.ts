import * as vscode from 'vscode';
import { CancelledError, UserError } from '../core/common/errors';
import type { ConfigValue } from '../core/config/types';
import { directDependents } from '../core/setup/editCheck';
import { brokenByDelete, settingsOf, type OwnSetting } from '../core/setup/profileEdit';
import { profileSettings, settingOf, valueShapeProblem, type ProfileSetting, type SettingContext } from '../core/setup/profileSettings';
import { invalidProfileName } from '../core/sso/ssoProfiles';
import { pickerRows } from '../profiles/pickerModel';
import { changedFilesText, fileNames, writeChange, type SetupDeps } from './setupDeps';
import { askText, confirm } from './setupPrompts';

/** The profile a command acts on: the tree node's or the argument's, else the user picks among every profile. */
async function profileFor(deps: SetupDeps, arg: unknown, title: string): Promise<string> {
  const { analysis } = await deps.catalog.ready();
  const given = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && (arg as { type?: unknown }).type === 'profile' ? (arg as { name: string }).name : undefined;
  if (given !== undefined) {
    if (!analysis.model.profiles.has(given)) throw new UserError(vscode.l10n.t('There is no profile "{0}" in the AWS files any more.', given), 'profile.missing');
    return given;
  }
  const rows = pickerRows(analysis, deps.active.recent(), { active: deps.active.name, status: (p) => deps.credentials.status(p) });
  if (rows.length === 0) throw new UserError(vscode.l10n.t('There is no AWS profile yet: add one with "AWS Profiles: Add IAM User Keys…".'), 'profiles.none');
  const picked = await vscode.window.showQuickPick(rows.map((r) => ({ label: r.label, description: r.description, name: r.name! })), { title, placeHolder: vscode.l10n.t('The profile'), matchOnDescription: true });
  if (!picked) throw new CancelledError();
  return picked.name;
}

/** A value as the picker shows it: a secret never, a block by its size. */
function shown(setting: ProfileSetting, value: ConfigValue): string {
  if (typeof value !== 'string') return vscode.l10n.t('a block of {0} settings', Object.keys(value).length);
  if (setting.secret) return '••••••••';
  return value === '' ? vscode.l10n.t('(empty)') : value;
}

/**
 * "Edit Profile…": the profile's settings in a quick pick (secrets masked, those from [DEFAULT]
 * marked), one changed, added or removed at a time; each value checked as botocore and STS would
 * take it, written where botocore reads it, every other byte of the files kept.
 */
export async function editProfile(deps: SetupDeps, arg?: unknown): Promise<void> {
  const name = await profileFor(deps, arg, vscode.l10n.t('Edit Profile'));
  const { bytes, analysis } = await deps.catalog.ready();
  const names = fileNames(deps);
  const settings = settingsOf(bytes, name, process.platform);
  type Item = vscode.QuickPickItem & { action: 'set' | 'add' | 'remove'; setting?: OwnSetting };
  const items: Item[] = settings.map((s) => ({
    label: s.key,
    description: shown(settingOf(s.key), s.value),
    detail: s.inherited ? vscode.l10n.t('from [DEFAULT] in {0}: a value set here is the profile\'s own', names[s.file]) : names[s.file],
    action: 'set',
    setting: s,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, action: 'add' });
  items.push({ label: `$(add) ${vscode.l10n.t('Add a Setting…')}`, action: 'add' });
  if (settings.some((s) => !s.inherited)) items.push({ label: `$(trash) ${vscode.l10n.t('Remove a Setting…')}`, action: 'remove' });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Edit Profile "{0}"', name), placeHolder: vscode.l10n.t('The setting to change'), matchOnDescription: true });
  if (!picked) throw new CancelledError();
  const context: SettingContext = { profile: name, hasProfile: (n) => analysis.model.profiles.has(n), hasSsoSession: (n) => analysis.model.ssoSessions.has(n) };

  if (picked.action === 'remove') {
    const own = settings.filter((s) => !s.inherited);
    const doomed = await vscode.window.showQuickPick(own.map((s) => ({ label: s.key, description: shown(settingOf(s.key), s.value) })), { title: vscode.l10n.t('Remove a Setting of "{0}"', name) });
    if (!doomed) throw new CancelledError();
    const edit = await writeChange(deps, { kind: 'set', profile: name, values: [[doomed.label, null]] });
    report(deps, vscode.l10n.t('Profile "{0}": {1} removed ({2}).', name, doomed.label, changedFilesText(deps, edit)));
    return;
  }
  let key = picked.setting?.key;
  if (key === undefined) key = await pickNewKey(name, new Set(settings.filter((s) => !s.inherited).map((s) => s.key)));
  const setting = settingOf(key);
  const current = picked.setting?.value;
  if (current !== undefined && typeof current !== 'string') {
    const at = analysis.model.profiles.get(name)!;
    const section = (picked.setting!.file === 'config' ? at.config : at.credentials)!;
    throw new UserError(vscode.l10n.t('"{0}" of profile "{1}" is a block of settings: edit it in {2} (the section starts at line {3}).', key, name, names[picked.setting!.file], section.line), 'edit.block');
  }
  const value = await askValue(setting, name, current, context);
  const edit = await writeChange(deps, { kind: 'set', profile: name, values: [[key, value]] });
  report(deps, setting.secret ? vscode.l10n.t('Profile "{0}": {1} changed ({2}).', name, key, changedFilesText(deps, edit)) : vscode.l10n.t('Profile "{0}": {1} = {2} ({3}).', name, key, value, changedFilesText(deps, edit)));
}

/** A setting the profile does not have yet: one Edit Profile knows, or any other key. */
async function pickNewKey(profile: string, have: Set<string>): Promise<string> {
  type Item = vscode.QuickPickItem & { key?: string };
  const items: Item[] = profileSettings().filter((s) => !have.has(s.key)).map((s) => ({ label: s.key, description: s.description, key: s.key }));
  items.push({ label: vscode.l10n.t('Another Setting…'), description: vscode.l10n.t('any key the AWS CLI or a tool reads') });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add a Setting to "{0}"', profile), matchOnDescription: true });
  if (!picked) throw new CancelledError();
  if (picked.key !== undefined) return picked.key;
  return askText({
    title: vscode.l10n.t('Add a Setting to "{0}"', profile),
    placeHolder: 'cli_history',
    validateInput: (t) => (/^[a-z0-9_]+$/.test(t.trim()) ? (have.has(t.trim()) ? vscode.l10n.t('The profile has {0} already.', t.trim()) : undefined) : vscode.l10n.t('A setting name is lower-case letters, digits and _.')),
  });
}

/** The new value of a setting: picked among its choices, or typed (a secret in a password box), checked as botocore and STS take it. */
async function askValue(setting: ProfileSetting, profile: string, current: string | undefined, context: SettingContext): Promise<string> {
  const title = vscode.l10n.t('{0} of "{1}"', setting.key, profile);
  if (setting.choices) {
    const picked = await vscode.window.showQuickPick(setting.choices.map((c) => ({ label: c, description: c === current ? vscode.l10n.t('current') : undefined })), { title, placeHolder: setting.description });
    if (!picked) throw new CancelledError();
    return picked.label;
  }
  return askText({
    title,
    prompt: setting.description,
    value: setting.secret ? undefined : current,
    password: setting.secret,
    validateInput: (text) => valueShapeProblem(text.trim()) ?? setting.validate(text.trim(), context),
  });
}

/**
 * "Rename Profile…": the section in both files and every source_profile that names the profile, in
 * one atomic change per file; the active profile follows the new name.
 */
export async function renameProfile(deps: SetupDeps, arg?: unknown): Promise<void> {
  const from = await profileFor(deps, arg, vscode.l10n.t('Rename Profile'));
  const { analysis } = deps.catalog.snapshot;
  const users = directDependents(analysis, from);
  const to = await askText({
    title: vscode.l10n.t('Rename Profile "{0}"', from),
    value: from,
    prompt: users.length > 0 ? vscode.l10n.t('The source_profile of {0} follows the new name.', users.join(', ')) : undefined,
    validateInput: (t) => (t.trim() === from ? vscode.l10n.t('Type the new name.') : invalidProfileName(t.trim(), (n) => analysis.model.profiles.has(n))),
  });
  const edit = await writeChange(deps, { kind: 'rename', from, to });
  if (deps.active.name === from) await deps.activeRenamed(to);
  // The stored credentials of the old name's chain are the new name's too (they are kept by what is asked, not by name); only its index entry goes.
  await deps.credentials.clear(from);
  report(deps, vscode.l10n.t('Renamed profile "{0}" to "{1}" in {2}{3}.', from, to, changedFilesText(deps, edit), users.length > 0 ? vscode.l10n.t('; the source_profile of {0} follows', users.join(', ')) : ''));
}

/**
 * "Delete Profile…": after a question that names what depends on it, removes the profile from both
 * files and drops its held credentials. Profiles that use it as their source are left as they are
 * (they fail until given another source).
 */
export async function deleteProfile(deps: SetupDeps, arg?: unknown): Promise<void> {
  const name = await profileFor(deps, arg, vscode.l10n.t('Delete Profile'));
  const { analysis } = deps.catalog.snapshot;
  const entry = analysis.model.profiles.get(name)!;
  const names = fileNames(deps);
  const where = [entry.config && names.config, entry.credentials && names.credentials].filter(Boolean).join(vscode.l10n.t(' and '));
  const users = directDependents(analysis, name);
  const broken = brokenByDelete(analysis, name);
  const detail = [
    users.length === 0
      ? vscode.l10n.t('No profile uses it as its source.')
      : users.length === 1
        ? vscode.l10n.t('1 profile uses {0} as its source ({1}){2}: it fails until it gets another source.', name, users[0], more(users, broken))
        : vscode.l10n.t('{0} profiles use {1} as their source ({2}){3}: they fail until they get another source.', users.length, name, users.join(', '), more(users, broken)),
    entry.credentials ? vscode.l10n.t('Its keys are removed from {0}.', names.credentials) : '',
    vscode.l10n.t('The credentials AWS Profiles holds for it are forgotten. Where the file is open in an editor, Undo there brings it back; otherwise this question is the only guard.'),
  ]
    .filter(Boolean)
    .join(' ');
  await confirm(vscode.l10n.t('Delete profile "{0}" from {1}?', name, where), detail, vscode.l10n.t('Delete'));
  await deps.credentials.clear(name);
  const edit = await writeChange(deps, { kind: 'delete', profile: name });
  if (deps.active.name === name) await deps.activeRenamed(undefined);
  report(deps, vscode.l10n.t('Deleted profile "{0}" from {1}.', name, changedFilesText(deps, edit)));
}

/** ", and 2 more through them": the profiles a delete breaks through those that name it. */
function more(users: readonly string[], broken: readonly string[]): string {
  return broken.length > users.length ? vscode.l10n.t(', and {0} more through them', broken.length - users.length) : '';
}

function report(deps: SetupDeps, sentence: string): void {
  deps.log.info(sentence);
  void vscode.window.showInformationMessage(sentence);
}
