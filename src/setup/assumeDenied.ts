import * as vscode from 'vscode';
import type { AssumeRoleDeniedError, AssumeRoleDenial } from '../core/common/errors';
import { assumeRoleFix, callerInMessage } from '../core/setup/assumeRoleFix';
import { roleNameOf } from '../core/chains/chainText';
import type { SetupDeps } from './setupDeps';

/**
 * Tells of an AssumeRole that AWS refused, whoever asked (a command, a terminal, a background
 * refresh): one notification per profile and role a minute, with "How to Fix…", which opens the
 * document naming both halves of the role's trust with the real ARNs.
 */
export async function reportAssumeDenied(deps: SetupDeps, error: AssumeRoleDeniedError): Promise<void> {
  const { denial } = error;
  if (!deps.fixes.shouldTell(`${denial.profile}\u0000${denial.roleArn}`, deps.clock.now())) return;
  const caller = callerInMessage(denial.stsMessage);
  const fix = vscode.l10n.t('How to Fix…');
  const log = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showWarningMessage(
    caller
      ? vscode.l10n.t('Profile "{0}": AWS refused to let {1} assume the role {2} (AccessDenied). The role\'s trust policy or the caller\'s own policy lacks something.', denial.profile, caller, roleNameOf(denial.roleArn))
      : vscode.l10n.t('Profile "{0}": AWS refused the assume of the role {1} (AccessDenied). The role\'s trust policy or the caller\'s own policy lacks something.', denial.profile, roleNameOf(denial.roleArn)),
    fix,
    log,
  );
  if (choice === fix) await showAssumeRoleFix(deps, denial);
  if (choice === log) deps.log.show(true);
}

/** Opens "How to Fix…" of a refusal: a read-only markdown document, filled with what is known. */
export async function showAssumeRoleFix(deps: SetupDeps, denial: AssumeRoleDenial): Promise<void> {
  const { analysis } = deps.catalog.snapshot;
  const hop = analysis.plans.get(denial.roleProfile)?.chain[0];
  const sourceProfile = hop?.kind === 'assume_role' ? (hop.source_profile ?? undefined) : undefined;
  const callerArn = sourceProfile === undefined ? undefined : deps.credentials.status(sourceProfile)?.identity?.arn;
  const fix = assumeRoleFix(denial, { sourceProfile, callerArn });
  deps.log.info(`Opened "How to fix" for profile "${denial.profile}" (role ${denial.roleArn}, caller ${fix.callerArn ?? 'unknown'}, the more likely half: ${fix.likely}).`);
  await deps.fixes.show(vscode.l10n.t('How to fix {0}', denial.profile), fix.markdown);
}
