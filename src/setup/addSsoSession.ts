import * as vscode from 'vscode';
import { planSsoSession, startUrlProblem } from '../core/setup/profileEdit';
import { invalidProfileName } from '../core/sso/ssoProfiles';
import { changedFilesText, writeEdit, type SetupDeps } from './setupDeps';
import { askText, pickRegion } from './setupPrompts';

/**
 * "Sign In to IAM Identity Center…" and "Add Profiles from IAM Identity Center…" where the config
 * file has no session yet (a new user's welcome view): the `aws configure sso-session` of VS Code.
 * Asks the portal's start URL, its region and a name, writes `[sso-session NAME]` through the one
 * writer, and resolves to the name.
 */
export async function addSsoSession(deps: SetupDeps): Promise<string> {
  const { analysis } = await deps.catalog.ready();
  const title = (step: number, what: string) => vscode.l10n.t('Add an IAM Identity Center Session ({0}/3): {1}', step, what);
  const startUrl = await askText({
    title: title(1, vscode.l10n.t('Start URL')),
    placeHolder: 'https://d-1234567890.awsapps.com/start',
    prompt: vscode.l10n.t('The config file has no IAM Identity Center session yet: the start URL of your AWS access portal adds one.'),
    validateInput: (t) => startUrlProblem(t.trim()),
  });
  const region = await pickRegion(title(2, vscode.l10n.t('Region of IAM Identity Center')));
  const suggested = /^https:\/\/([A-Za-z0-9_.@+-]+?)\.awsapps\.com/.exec(startUrl)?.[1] ?? 'my-sso';
  const name = await askText({
    title: title(3, vscode.l10n.t('Session Name')),
    value: suggested,
    validateInput: (t) => invalidProfileName(t.trim(), (n) => analysis.model.ssoSessions.has(n)),
  });
  const edit = await writeEdit(deps, (before, options) => planSsoSession(before, { name, startUrl, region: region! }, options));
  deps.log.info(`Added the IAM Identity Center session "${name}" (${startUrl}, ${region}) to ${changedFilesText(deps, edit)}.`);
  return name;
}
