import * as vscode from 'vscode';
import type { SsoSignInUi } from './ssoTokens';
import type { DeviceAuthorization } from '../aws/sso/ssoGateway';
import { describeSession, type SsoSession } from '../core/sso/ssoSession';
import { SETTINGS_SECTION } from '../base/contributions';

/** The `awsProfiles.sso.signInFlow` setting: `auto`, `browser` or `device`. */
function configuredFlow(): 'auto' | 'browser' | 'device' {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('sso.signInFlow');
  return value === 'browser' || value === 'device' ? value : 'auto';
}

/**
 * The VS Code side of an IAM Identity Center sign-in: the browser flow where the browser runs on
 * this machine (a local desktop window), the device-code flow elsewhere (a remote or web window,
 * whose browser cannot reach this machine's 127.0.0.1) or when the setting asks for it; a
 * cancellable progress notification; the device code shown with Copy and Open.
 */
export function createSsoSignInUi(): SsoSignInUi {
  return {
    flow: () => {
      const flow = configuredFlow();
      if (flow !== 'auto') return flow;
      return vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop ? 'browser' : 'device';
    },
    withProgress: (session, work) =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to IAM Identity Center ({0})…', describeSession(session)), cancellable: true },
          (_progress, token) => {
            const controller = new AbortController();
            token.onCancellationRequested(() => controller.abort());
            return work(controller.signal);
          },
        ),
      ),
    openUrl: async (url) => {
      try {
        return await vscode.env.openExternal(vscode.Uri.parse(url, true));
      } catch {
        return false;
      }
    },
    showDeviceCode: (session, auth) => void showDeviceCode(session, auth),
    storageFailed: (message) => void vscode.window.showWarningMessage(message),
    confirmCliSignOut: async (session, adopted) => {
      const both = vscode.l10n.t('Sign Out of Both');
      const only = vscode.l10n.t('Only VS Code');
      const detail = adopted
        ? vscode.l10n.t('VS Code is using the AWS CLI\'s sign-in (from aws sso login). Signing the AWS CLI out too ends that session everywhere and deletes its token cache; otherwise the AWS CLI stays signed in, and VS Code no longer uses its sign-in.')
        : vscode.l10n.t('The AWS CLI is signed in to it too (aws sso login). Signing it out too ends its session everywhere and deletes its token cache; otherwise it stays signed in, and VS Code no longer uses its sign-in.');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Sign out of IAM Identity Center ({0})?', describeSession(session)), { modal: true, detail }, both, only);
      return choice === both ? 'both' : choice === only ? 'vscode' : undefined;
    },
  };
}

/** The code and where to confirm it, with Copy and Open; the sign-in's own notification has Cancel. */
async function showDeviceCode(session: SsoSession, auth: DeviceAuthorization): Promise<void> {
  const copy = vscode.l10n.t('Copy Code');
  const open = vscode.l10n.t('Open Browser');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('To sign in to IAM Identity Center ({0}), confirm the code {1} at {2}.', describeSession(session), auth.userCode, auth.verificationUri),
    copy,
    open,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(auth.userCode);
  if (choice === open || choice === copy) await vscode.env.openExternal(vscode.Uri.parse(auth.verificationUriComplete, true));
}
