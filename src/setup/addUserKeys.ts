import * as vscode from 'vscode';
import { undoAwsFilesEdit } from '../aws/files/awsFilesEdit';
import { COMMANDS } from '../base/contributions';
import { CancelledError, UserError } from '../core/common/errors';
import type { ProfileResolution } from '../core/config/types';
import { accessKeyIdProblem, secretKeyProblem } from '../core/setup/profileSettings';
import { invalidProfileName } from '../core/sso/ssoProfiles';
import { changedFilesText, writeChange, type SetupDeps } from './setupDeps';
import { askText, confirm, pickOutput, pickRegion } from './setupPrompts';

/** "Fix Keys…" after a check that failed: the same profile, its keys asked again. */
export interface FixKeysArg {
  fixKeysOf: string;
}

function isFixKeys(arg: unknown): arg is FixKeysArg {
  return typeof arg === 'object' && arg !== null && typeof (arg as FixKeysArg).fixKeysOf === 'string';
}

/** The kinds of profile whose keys "Add IAM User Keys…" may write: none yet, or keys already (replaced after a question). */
function keysMayGo(plan: ProfileResolution | undefined): boolean {
  return plan === undefined || plan.chain.length === 0 || (plan.chain.length === 1 && plan.chain[0].kind === 'static');
}

/**
 * "Add IAM User Keys…", the `aws configure` of VS Code: a profile name (`default` when there is
 * none), the access key id, the secret (a password box: it goes to the credentials file and nowhere
 * else), region and output; written as `aws configure set` writes them, then checked at once with
 * GetCallerIdentity: who the keys are, or why they do not work, with "Fix Keys…" and "Remove What
 * Was Written".
 */
export async function addUserKeys(deps: SetupDeps, arg?: unknown): Promise<void> {
  const { analysis } = await deps.catalog.ready();
  const profiles = analysis.model.profiles;
  const fixing = isFixKeys(arg) ? arg.fixKeysOf : undefined;
  const steps = fixing === undefined ? 5 : 2;
  const title = (step: number, what: string) => vscode.l10n.t('Add IAM User Keys ({0}/{1}): {2}', step, steps, what);

  const name =
    fixing ??
    (await askText({
      title: title(1, vscode.l10n.t('Profile Name')),
      value: profiles.has('default') ? '' : 'default',
      prompt: vscode.l10n.t('The profile the keys belong to: "default" is the one the AWS CLI uses without --profile.'),
      validateInput: (text) => {
        const n = text.trim();
        const invalid = invalidProfileName(n, () => false);
        if (invalid) return invalid;
        if (!keysMayGo(analysis.plans.get(n))) return vscode.l10n.t('Profile "{0}" gets its credentials another way: pick another name, or use Edit Profile.', n);
        return undefined;
      },
    }));
  const step = (n: number) => (fixing === undefined ? n : n - 1);
  const keyId = await askText({
    title: title(step(2), vscode.l10n.t('Access Key ID')),
    placeHolder: 'AKIAIOSFODNN7EXAMPLE',
    prompt: vscode.l10n.t('The access key id of an IAM user (IAM console: Users → Security credentials → Access keys).'),
    validateInput: (text) => accessKeyIdProblem(text.trim()),
  });
  const secret = await askText({
    title: title(step(3), vscode.l10n.t('Secret Access Key')),
    password: true,
    prompt: vscode.l10n.t('Written to the credentials file only, as the AWS CLI does: never shown, logged or kept anywhere else.'),
    validateInput: (text) => secretKeyProblem(text.trim()),
  });
  const existing = profiles.get(name);
  const values: Array<[string, string]> = [
    ['aws_access_key_id', keyId],
    ['aws_secret_access_key', secret],
  ];
  if (fixing === undefined) {
    const currentRegion = typeof existing?.values.region === 'string' ? existing.values.region : undefined;
    const region = await pickRegion(title(4, vscode.l10n.t('Default Region')), { preferred: currentRegion ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION, preferredNote: currentRegion ? vscode.l10n.t('current') : undefined, allowNone: true });
    const currentOutput = typeof existing?.values.output === 'string' ? existing.values.output : undefined;
    const output = await pickOutput(title(5, vscode.l10n.t('Output Format')), currentOutput ?? 'json');
    if (region !== null) values.push(['region', region]);
    if (output !== null) values.push(['output', output]);
    if (analysis.plans.get(name)?.chain[0]?.kind === 'static') {
      await confirm(vscode.l10n.t('Replace the keys of profile "{0}"?', name), vscode.l10n.t('The profile has keys already; the new ones take their place in the credentials file.'), vscode.l10n.t('Replace'));
    }
  }

  const edit = await writeChange(deps, {
    kind: 'set',
    profile: name,
    create: existing === undefined,
    values,
    outcome: (r) => (r?.chain.length === 1 && r.chain[0].kind === 'static' ? undefined : vscode.l10n.t('would not use these keys (another of its settings, or of [DEFAULT], comes first)')),
  });
  deps.log.info(`Wrote the keys of profile "${name}" to ${changedFilesText(deps, edit)} (the secret key to the credentials file only).`);
  await checkKeys(deps, name, edit);
}

/** GetCallerIdentity with the keys just written: who they are, or why not, with a way forward. */
async function checkKeys(deps: SetupDeps, name: string, edit: Awaited<ReturnType<typeof writeChange>>): Promise<void> {
  try {
    const id = await deps.credentials.callerIdentity(name);
    deps.log.info(`The keys of profile "${name}" work: they act as ${id.arn} (account ${id.account}).`);
    const next = vscode.l10n.t('Add Role Profile…');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" works: its keys act as {1} (account {2}).', name, id.arn, id.account), next);
    if (choice === next) await vscode.commands.executeCommand(COMMANDS.addRoleProfile.id, name);
  } catch (e) {
    if (e instanceof CancelledError) return;
    if (!(e instanceof UserError)) throw e;
    deps.log.warn(`Checking the keys of profile "${name}": ${e.message} [${e.code}]`);
    const fix = vscode.l10n.t('Fix Keys…');
    const remove = vscode.l10n.t('Remove What Was Written');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Profile "{0}" was written, but its keys do not work yet. {1}', name, e.message), fix, remove);
    if (choice === fix) await vscode.commands.executeCommand(COMMANDS.addUserKeys.id, { fixKeysOf: name } satisfies FixKeysArg);
    if (choice === remove) {
      const { paths } = deps.catalog.snapshot;
      await undoAwsFilesEdit(paths, edit);
      await deps.catalog.reload();
      deps.log.info(`Removed what was written for profile "${name}": ${changedFilesText(deps, edit)} are as they were.`);
      void vscode.window.showInformationMessage(vscode.l10n.t('{0}: as before the keys of "{1}" were written.', changedFilesText(deps, edit), name));
    }
  }
}
