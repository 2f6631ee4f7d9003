import * as vscode from 'vscode';
import { loadErrorSentences } from '../aws/sdkLoader';
import type { MfaDeviceSummary } from '../aws/iam/iamGateway';
import { AssumeRoleDeniedError, CancelledError, UserError } from '../core/common/errors';
import { partitionOfRegion } from '../core/endpoints/regions';
import { resolveIamTarget } from '../core/endpoints/serviceEndpoint';
import { accountIdProblem, mfaSerialProblem, parseIamArn, roleArnOf, roleArnProblem, roleNameProblem } from '../core/setup/arn';
import { settingOf } from '../core/setup/profileSettings';
import { invalidProfileName } from '../core/sso/ssoProfiles';
import { profileFacts } from '../profiles/profileFacts';
import { notificationProgress } from '../workbench/progress';
import { changedFilesText, writeChange, type SetupDeps } from './setupDeps';
import { askText, pickRegion } from './setupPrompts';

const STEPS = 6;
const title = (step: number, what: string) => vscode.l10n.t('Add Role Profile ({0}/{1}): {2}', step, STEPS, what);

/** Where the role's credentials come from: a profile, or a credential_source. */
type Source = { profile: string } | { credentialSource: string };

/** A profile name from a tree node or a string (the source "Add Role Profile…" was run on). */
function profileArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && (arg as { type?: unknown }).type === 'profile') return (arg as { name: string }).name;
  return undefined;
}

/**
 * "Add Role Profile…", the last step of the cross-account recipe: name, role (ARN, or account id and
 * role name), source profile (those that can sign, with who they are where known) or
 * credential_source, MFA device (the source user's, from IAM ListMFADevices where allowed, else
 * typed), external_id, duration_seconds, role_session_name, region (the source's by default);
 * written to the config file, then tested at once: assumed (an MFA code asked as everywhere) and its
 * caller identity shown. A refusal (AccessDenied) gets "How to Fix…" from the engine's listener.
 */
export async function addRoleProfile(deps: SetupDeps, arg?: unknown): Promise<void> {
  const { analysis } = await deps.catalog.ready();
  const profiles = analysis.model.profiles;
  const name = await askText({
    title: title(1, vscode.l10n.t('Profile Name')),
    placeHolder: 'prod',
    prompt: vscode.l10n.t('The name to use with --profile and in the status bar.'),
    validateInput: (text) => invalidProfileName(text.trim(), (n) => profiles.has(n)),
  });
  const roleArn = await askRole(deps);
  const source = await askSource(deps, profileArg(arg));
  const mfaSerial = 'profile' in source ? await askMfa(deps, source.profile) : null;
  const extras = await askExtras(deps, name);
  const sourceRegion = 'profile' in source ? profileFacts(analysis, source.profile)?.region : undefined;
  const region = await pickRegion(title(6, vscode.l10n.t('Region')), { preferred: sourceRegion, preferredNote: sourceRegion ? vscode.l10n.t('the region of "{0}"', (source as { profile: string }).profile) : undefined, allowNone: true });

  const values: Array<[string, string]> = [['role_arn', roleArn]];
  values.push('profile' in source ? ['source_profile', source.profile] : ['credential_source', source.credentialSource]);
  if (mfaSerial !== null) values.push(['mfa_serial', mfaSerial]);
  values.push(...extras);
  if (region !== null) values.push(['region', region]);
  const edit = await writeChange(deps, {
    kind: 'set',
    profile: name,
    create: true,
    values,
    outcome: (r) => {
      const hop = r?.chain[0];
      if (hop?.kind === 'assume_role' && hop.role_arn === roleArn && r!.result !== 'error') return undefined;
      return vscode.l10n.t('would not assume {0}{1}', roleArn, r?.error_message ? `: ${r.error_message}` : '');
    },
  });
  deps.log.info(`Added profile "${name}" (role ${roleArn}) to ${changedFilesText(deps, edit)}; testing it.`);
  await testRole(deps, name);
}

/** Assumes the new profile now and shows who it acts as; a failure says the profile was written. */
async function testRole(deps: SetupDeps, name: string): Promise<void> {
  try {
    const id = await deps.credentials.callerIdentity(name);
    deps.log.info(`Profile "${name}" works: it acts as ${id.arn} (account ${id.account}).`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" works: it acts as {1} (account {2}).', name, id.arn, id.account));
  } catch (e) {
    // A refusal is told by the engine's listener, with "How to Fix…"; a dismissed MFA box is silent.
    if (e instanceof AssumeRoleDeniedError || e instanceof CancelledError || !(e instanceof UserError)) throw e;
    throw new UserError(vscode.l10n.t('Profile "{0}" was added, but assuming it failed: {1}', name, e.message), e.code, e.retryable);
  }
}

async function askRole(deps: SetupDeps): Promise<string> {
  const byArn = vscode.l10n.t('Role ARN');
  const byName = vscode.l10n.t('Account ID and Role Name');
  const how = await vscode.window.showQuickPick(
    [
      { label: byArn, description: 'arn:aws:iam::222222222222:role/CrossAccountPowerUser' },
      { label: byName, description: '222222222222 · CrossAccountPowerUser' },
    ],
    { title: title(2, vscode.l10n.t('Role')), placeHolder: vscode.l10n.t('The IAM role this profile assumes'), ignoreFocusOut: true },
  );
  if (!how) throw new CancelledError();
  if (how.label === byArn) {
    return askText({ title: title(2, byArn), placeHolder: 'arn:aws:iam::222222222222:role/CrossAccountPowerUser', validateInput: (t) => roleArnProblem(t.trim()) });
  }
  const account = await askText({ title: title(2, vscode.l10n.t('Account ID')), placeHolder: '222222222222', validateInput: (t) => accountIdProblem(t.trim().replace(/-/g, '')) });
  const role = await askText({ title: title(2, vscode.l10n.t('Role Name')), placeHolder: 'CrossAccountPowerUser', validateInput: (t) => roleNameProblem(t.trim()) });
  // The partition of the region the default profile (or the environment) uses: China's and GovCloud's roles have their own.
  const { analysis } = deps.catalog.snapshot;
  const region = profileFacts(analysis, 'default')?.region ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return roleArnOf(account.replace(/-/g, ''), role, partitionOfRegion(region));
}

async function askSource(deps: SetupDeps, preferred: string | undefined): Promise<Source> {
  const { analysis } = deps.catalog.snapshot;
  type Item = vscode.QuickPickItem & { source?: Source };
  const items: Item[] = [];
  for (const [name, plan] of analysis.plans) {
    if (plan.result !== 'ok') continue;
    const status = deps.credentials.status(name);
    const facts = profileFacts(analysis, name, status)!;
    items.push({
      label: name,
      description: [facts.account, facts.region, facts.kindLabel].filter(Boolean).join(' · '),
      detail: status?.identity ? vscode.l10n.t('acts as {0}', status.identity.arn) : undefined,
      source: { profile: name },
    });
  }
  items.sort((a, b) => Number(b.label === preferred) - Number(a.label === preferred));
  items.push({ label: vscode.l10n.t('Credential sources'), kind: vscode.QuickPickItemKind.Separator });
  for (const [source, what] of [
    ['Environment', vscode.l10n.t('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the process')],
    ['Ec2InstanceMetadata', vscode.l10n.t('the instance profile of this EC2 instance')],
    ['EcsContainer', vscode.l10n.t('the task role of this ECS container')],
  ] as const) {
    items.push({ label: `credential_source = ${source}`, description: what, source: { credentialSource: source } });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: title(3, vscode.l10n.t('Source of Credentials')),
    placeHolder: vscode.l10n.t('The profile whose credentials assume the role'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked?.source) throw new CancelledError();
  return picked.source;
}

/**
 * The MFA device the role needs, if any: the source user's devices (IAM ListMFADevices with the
 * source's credentials, where IAM allows it), else one typed.
 */
async function askMfa(deps: SetupDeps, source: string): Promise<string | null> {
  const listed = await listDevices(deps, source);
  type Item = vscode.QuickPickItem & { serial?: string | null };
  const none: Item = { label: vscode.l10n.t('No MFA'), description: vscode.l10n.t('the role does not ask for an MFA code'), serial: null };
  const typed: Item = { label: vscode.l10n.t('Enter an MFA Device ARN…'), description: 'arn:aws:iam::ACCOUNT_ID:mfa/DEVICE_NAME' };
  const devices: Item[] = 'devices' in listed ? listed.devices.map((d) => ({ label: d.serialNumber, description: d.userName ? vscode.l10n.t('MFA device of {0}', d.userName) : undefined, serial: d.serialNumber })) : [];
  const picked = await vscode.window.showQuickPick([...devices, none, typed], {
    title: title(4, vscode.l10n.t('MFA Device')),
    placeHolder: 'devices' in listed ? vscode.l10n.t('The MFA devices of "{0}" (the role\'s trust policy may require one)', source) : listed.why,
    ignoreFocusOut: true,
  });
  if (!picked) throw new CancelledError();
  if (picked.serial !== undefined) return picked.serial;
  const guess = 'guess' in listed ? listed.guess : undefined;
  return askText({ title: title(4, vscode.l10n.t('MFA Device ARN')), value: guess, placeHolder: 'arn:aws:iam::111111111111:mfa/bjwagner', validateInput: (t) => mfaSerialProblem(t.trim()) });
}

/** The source's MFA devices, or why they cannot be listed (and a guess at the ARN from who the source is). */
async function listDevices(deps: SetupDeps, source: string): Promise<{ devices: MfaDeviceSummary[] } | { why: string; guess?: string }> {
  const { analysis } = deps.catalog.snapshot;
  const identity = deps.credentials.status(source)?.identity?.arn;
  const user = identity === undefined ? undefined : parseIamArn(identity);
  const guess = user?.type === 'user' ? `arn:${user.partition}:iam::${user.account}:mfa/${user.name}` : undefined;
  const plan = analysis.plans.get(source);
  if (plan?.chain.length !== 1 || plan.chain[0].kind !== 'static') {
    return { why: vscode.l10n.t('"{0}" is not an IAM user\'s keys, so its devices cannot be listed: type the device\'s ARN, or pick No MFA', source), guess };
  }
  const entry = analysis.model.profiles.get(source)!;
  const target = resolveIamTarget(entry.values, analysis.model.services, deps.env);
  if ('problem' in target) return { why: target.problem, guess };
  try {
    return await notificationProgress(vscode.l10n.t('Listing the MFA devices of "{0}"…', source), async (signal) => {
      const held = await deps.credentials.get(source, { interactive: true, signal });
      return { devices: await deps.iam().listMfaDevices(target, held.credentials, signal) };
    });
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    const error = loadErrorSentences().translateIamError(e, { profile: source, what: vscode.l10n.t('list its MFA devices'), endpoint: target.endpoint });
    deps.log.info(`${error.message} The device is typed instead.`);
    return { why: vscode.l10n.t('{0} Type the device\'s ARN, or pick No MFA.', error.message), guess };
  }
}

/** external_id, duration_seconds and role_session_name, where the role needs them. */
async function askExtras(deps: SetupDeps, profile: string): Promise<Array<[string, string]>> {
  const keys = ['external_id', 'duration_seconds', 'role_session_name'];
  const picked = await vscode.window.showQuickPick(
    keys.map((key) => ({ label: key, description: settingOf(key).description })),
    { title: title(5, vscode.l10n.t('More Settings')), placeHolder: vscode.l10n.t('Pick the settings the role needs (none is usual); Enter to go on'), canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked) throw new CancelledError();
  const out: Array<[string, string]> = [];
  const { analysis } = deps.catalog.snapshot;
  const context = { profile, hasProfile: (n: string) => analysis.model.profiles.has(n), hasSsoSession: (n: string) => analysis.model.ssoSessions.has(n) };
  for (const { label: key } of picked) {
    const value = await askText({ title: title(5, key), prompt: settingOf(key).description, validateInput: (t) => settingOf(key).validate(t.trim(), context) });
    out.push([key, value]);
  }
  return out;
}
