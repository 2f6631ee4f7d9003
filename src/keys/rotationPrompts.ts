import * as vscode from 'vscode';
import { CancelledError } from '../core/common/errors';
import { ageDays, maskKeyId, ownKey, type KeyFacts, type KeyReport } from '../core/keys/accessKeys';
import { COMMANDS } from '../base/contributions';
import { formatAgo } from '../core/keys/keyViews';
import type { RotationUi } from './keyRotation';

/** The VS Code side of a rotation: a modal question before the user's other key is deleted, a pick of the MFA device. */
export function createRotationUi(now: () => number): RotationUi {
  return {
    confirmDeleteOther: async (other: KeyFacts, userName: string, usedBy: string[]) => {
      const masked = maskKeyId(other.accessKeyId);
      const used = other.lastUse === undefined ? vscode.l10n.t('its last use unknown') : other.lastUse === null ? vscode.l10n.t('never used') : vscode.l10n.t('last used {0}{1}', formatAgo(other.lastUse.at, now()), other.lastUse.service ? ` (${[other.lastUse.service, other.lastUse.region].filter(Boolean).join(', ')})` : '');
      const who = usedBy.length === 0 ? vscode.l10n.t('No profile of your AWS files uses it.') : vscode.l10n.t('Profiles {0} of your AWS files use it: they stop working once it is deleted.', usedBy.map((p) => `"${p}"`).join(', '));
      const remove = vscode.l10n.t('Delete {0}', masked);
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('The IAM user {0} has two access keys already, the most IAM allows. Delete the other one, {1}, to make room for the new key?', userName, masked),
        {
          modal: true,
          detail: vscode.l10n.t('{0} is {1}, {2} days old, {3}. {4}', masked, other.status === 'Active' ? vscode.l10n.t('active') : vscode.l10n.t('inactive'), ageDays(other.createdAt, now()), used, who),
        },
        remove,
      );
      return answer === remove;
    },
    pickMfaDevice: async (serials: string[]) => {
      const picked = await vscode.window.showQuickPick(serials, { title: vscode.l10n.t('IAM requires MFA to manage the keys: which MFA device?') });
      if (picked === undefined) throw new CancelledError();
      return picked;
    },
  };
}

/** The once-a-day notification for a key past `awsProfiles.keys.maxAgeDays`: "Rotate Access Keys…" runs the rotation of that profile. */
export async function offerRotation(profile: string, report: KeyReport, now: number, maxAgeDays: number, log: (line: string) => void): Promise<void> {
  const own = ownKey(report);
  const rotate = vscode.l10n.t('Rotate Access Keys…');
  const message = vscode.l10n.t('The access key {0} of profile "{1}" is {2} days old, older than awsProfiles.keys.maxAgeDays ({3}). Rotate it?', maskKeyId(report.accessKeyId), profile, own ? ageDays(own.createdAt, now) : '?', maxAgeDays);
  log(message);
  const choice = await vscode.window.showWarningMessage(message, rotate, vscode.l10n.t('Not Today'));
  if (choice === rotate) await vscode.commands.executeCommand(COMMANDS.rotateAccessKeys.id, profile);
}
