import * as vscode from 'vscode';
import { editAwsFiles } from '../aws/files/awsFilesEdit';
import { translateSsoError } from '../aws/sso/ssoErrors';
import type { SsoEndpoint, SsoGateway } from '../aws/sso/ssoGateway';
import type { SsoTokenService } from '../core/credentials/credentials';
import { CancelledError, UserError } from '../core/common/errors';
import { appendSections, existingAssignments, invalidAssignment, invalidProfileName, proposeName, ssoProfileSections, type NewSsoProfile } from '../core/sso/ssoProfiles';
import { describeSession, sessionsOf, type SsoSession } from '../core/sso/ssoSession';
import { planAppend } from '../core/setup/profileEdit';
import type { AccountNames } from '../profiles/accountNames';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import { displayPath } from '../profiles/profileFacts';

/** What the IAM Identity Center commands work with. */
export interface SsoCommandDeps {
  catalog: ProfileCatalog;
  tokens: SsoTokenService;
  gateway(): SsoGateway;
  portal(session: SsoSession): SsoEndpoint;
  log: vscode.LogOutputChannel;
  /** Where the accounts' names are noted (the guards show them beside the ids). */
  accountNames?: AccountNames;
}

/** Parallel ListAccountRoles calls while listing thousands of accounts. */
const ROLE_LISTING_CONCURRENCY = 8;

/** The session a command acts on: the only one, the profile node's, or the user picks (signed-in ones first where that matters). */
export async function pickSession(catalog: ProfileCatalog, tokens: SsoTokenService, title: string, arg?: unknown, filter?: (s: SsoSession) => boolean): Promise<SsoSession> {
  const { analysis } = await catalog.ready();
  let sessions = sessionsOf(analysis.model);
  const profile = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && (arg as { type?: unknown }).type === 'profile' ? (arg as { name: string }).name : undefined;
  if (profile !== undefined) {
    const v = analysis.model.profiles.get(profile)?.values;
    const named = typeof v?.sso_session === 'string' ? v.sso_session.trim() : undefined;
    const own = sessions.find((s) => (named !== undefined ? s.name === named : typeof v?.sso_start_url === 'string' && s.startUrl === v.sso_start_url.trim()));
    if (own) return own;
  }
  if (filter) sessions = sessions.filter(filter);
  if (sessions.length === 0) {
    throw new UserError(
      filter
        ? vscode.l10n.t('No IAM Identity Center session is signed in.')
        : vscode.l10n.t('The config file has no IAM Identity Center session: add an [sso-session NAME] section with sso_start_url and sso_region (or run "aws configure sso" in a terminal).'),
      'sso.noSession',
    );
  }
  if (sessions.length === 1) return sessions[0];
  const picked = await vscode.window.showQuickPick(
    sessions.map((s) => ({ label: s.name ?? s.startUrl, description: s.name !== null ? s.startUrl : vscode.l10n.t('legacy profiles'), detail: tokens.isSignedIn(s) ? vscode.l10n.t('signed in') : undefined, session: s })),
    { title, placeHolder: vscode.l10n.t('IAM Identity Center session') },
  );
  if (!picked) throw new CancelledError();
  return picked.session;
}

/** "Add Profiles from IAM Identity Center…": lists the session's accounts and roles, writes the chosen sections. */
export async function addSsoProfiles(deps: SsoCommandDeps, arg?: unknown): Promise<void> {
  const session = await pickSession(deps.catalog, deps.tokens, vscode.l10n.t('Add Profiles from IAM Identity Center'), arg);
  const token = await deps.tokens.token(session, { interactive: true });
  const portal = deps.portal(session);
  const catalog = await deps.catalog.ready();
  const existing = existingAssignments(catalog.analysis.model, session);
  const pairs = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing the accounts and roles of {0}…', describeSession(session)), cancellable: true },
    (progress, cancel) => listAssignments(deps.gateway(), portal, token, session, (done, total) => progress.report({ message: `${done} of ${total} accounts` }), cancel),
  );
  // The portal's answers go into the config file as they are: anything but an account id and a role name is refused.
  for (const p of pairs) {
    const problem = invalidAssignment(p);
    if (problem) throw new UserError(vscode.l10n.t('{0} No profile was added: check the IAM Identity Center endpoint ({1}) this session uses.', problem, portal.endpoint), 'sso.invalidAssignment');
  }
  await deps.accountNames?.note(new Map(pairs.map((p) => [p.accountId, p.accountName])));
  const taken = new Set(catalog.analysis.model.profiles.keys());
  const items = pairs
    .filter((p) => !existing.has(`${p.accountId}/${p.roleName}`))
    .map((p) => {
      const name = proposeName(p.accountName, p.roleName, (n) => taken.has(n));
      taken.add(name);
      return { label: name, description: `${p.accountName} (${p.accountId}) · ${p.roleName}`, profile: { name, accountId: p.accountId, roleName: p.roleName } };
    });
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Every account and role of {0} ({1}) has a profile already.', describeSession(session), pairs.length));
    return;
  }
  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add Profiles from {0}', describeSession(session)),
    placeHolder: vscode.l10n.t('{0} account and role pairs without a profile{1}: pick the ones to add', items.length, existing.size ? ` (${existing.size} have one already)` : ''),
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!chosen || chosen.length === 0) throw new CancelledError();
  const profiles = await confirmNames(chosen.map((c) => c.profile), catalog.analysis.model.profiles);
  const sections = ssoProfileSections(session, profiles);
  // Through the one writer: appended to the file as it is now, checked with the engine (each new profile signs in through the session, every other profile resolves as before).
  const added = new Map(profiles.map((p) => [p.name, (r: { chain: Array<{ kind: string }> } | undefined) => (r?.chain.at(-1)?.kind === 'sso' ? undefined : vscode.l10n.t('would not sign in through IAM Identity Center'))]));
  const names = { config: displayPath(catalog.paths.config, deps.catalog.home), credentials: displayPath(catalog.paths.credentials, deps.catalog.home) };
  await editAwsFiles(catalog.paths, (before) => planAppend(before, { config: appendSections(before.config, sections), credentials: before.credentials }, added, { names, platform: process.platform }));
  deps.log.info(`Added ${profiles.length} profile(s) of ${describeSession(session)} to ${displayPath(catalog.paths.config, deps.catalog.home)}: ${profiles.map((p) => p.name).join(', ')}.`);
  await deps.catalog.reload();
  void vscode.window.showInformationMessage(`Added ${profiles.length} profile${profiles.length === 1 ? '' : 's'} to ${displayPath(catalog.paths.config, deps.catalog.home)}.`);
}

/** Every account and role the signed-in user may use (paginated; roles listed a few accounts at a time). */
async function listAssignments(
  gateway: SsoGateway,
  portal: SsoEndpoint,
  token: string,
  session: SsoSession,
  report: (done: number, total: number) => void,
  cancel: vscode.CancellationToken,
): Promise<Array<{ accountId: string; accountName: string; roleName: string }>> {
  const fail = (e: unknown) => {
    throw translateSsoError(e, { session, endpoint: portal.endpoint });
  };
  const accounts: Array<{ accountId: string; accountName: string }> = [];
  let next: string | undefined;
  do {
    if (cancel.isCancellationRequested) throw new CancelledError();
    const page = await gateway.listAccounts(portal, token, next).catch(fail);
    accounts.push(...page.accounts);
    next = page.nextToken;
  } while (next);
  const pairs: Array<{ accountId: string; accountName: string; roleName: string }> = [];
  let done = 0;
  let index = 0;
  const worker = async () => {
    while (index < accounts.length) {
      if (cancel.isCancellationRequested) throw new CancelledError();
      const account = accounts[index++];
      let roleToken: string | undefined;
      do {
        const page = await gateway.listAccountRoles(portal, token, account.accountId, roleToken).catch(fail);
        for (const roleName of page.roles) pairs.push({ accountId: account.accountId, accountName: account.accountName, roleName });
        roleToken = page.nextToken;
      } while (roleToken);
      report(++done, accounts.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ROLE_LISTING_CONCURRENCY, accounts.length) }, worker));
  return pairs.sort((a, b) => a.accountName.localeCompare(b.accountName) || a.roleName.localeCompare(b.roleName));
}

/** The proposed names as they are, or edited one by one (each checked: valid, and taken by no profile or other new one). */
async function confirmNames(profiles: NewSsoProfile[], existing: ReadonlyMap<string, unknown>): Promise<NewSsoProfile[]> {
  const add = `Add ${profiles.length} profile${profiles.length === 1 ? '' : 's'}`;
  const edit = vscode.l10n.t('Edit the names first');
  const choice = await vscode.window.showQuickPick([add, edit], { title: vscode.l10n.t('Add Profiles from IAM Identity Center'), placeHolder: profiles.map((p) => p.name).join(', ') });
  if (!choice) throw new CancelledError();
  if (choice === add) return profiles;
  const out: NewSsoProfile[] = [];
  for (const p of profiles) {
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Profile name for {0} in account {1}', p.roleName, p.accountId),
      value: p.name,
      validateInput: (n) => invalidProfileName(n.trim(), (x) => existing.has(x) || out.some((o) => o.name === x)),
    });
    if (name === undefined) throw new CancelledError();
    out.push({ ...p, name: name.trim() });
  }
  return out;
}
