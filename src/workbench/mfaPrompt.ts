import * as vscode from 'vscode';
import type { MfaPrompt } from '../core/credentials/credentials';

/**
 * Asks for an MFA code in an input box: exactly six digits, naming the profile and the device.
 * Closing it is a silent cancel, and so is the request's cancel (the box closes). VS Code shows one
 * quick input at a time, so another one (the Command Palette, a picker) closes the box as well:
 * when a terminal waits for the code (not a command the user just ran), a notification offers to
 * open the box again, and only dismissing it cancels what the terminal runs.
 */
export function createMfaPrompt(): MfaPrompt {
  return async ({ profile, serialNumber, signal, forTerminal }) => {
    for (;;) {
      const code = await ask(profile, serialNumber, signal);
      if (code !== undefined || !forTerminal || signal?.aborted) return code;
      const again = vscode.l10n.t('Enter MFA Code');
      const aborted = new Promise<undefined>((resolve) => signal?.addEventListener('abort', () => resolve(undefined), { once: true }));
      const choice = await Promise.race([
        Promise.resolve(vscode.window.showWarningMessage(vscode.l10n.t('A terminal is waiting for the MFA code of profile "{0}".', profile), again)),
        aborted,
      ]);
      if (choice !== again || signal?.aborted) return undefined;
    }
  };
}

/** One input box for the code; undefined when it closes without one. */
async function ask(profile: string, serialNumber: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  const cancel = new vscode.CancellationTokenSource();
  signal?.addEventListener('abort', () => cancel.cancel(), { once: true });
  const code = await Promise.resolve(
    vscode.window.showInputBox(
      {
        title: vscode.l10n.t('MFA code for profile "{0}"', profile),
        prompt: vscode.l10n.t('Enter the 6-digit code shown by {0}', serialNumber),
        placeHolder: '123456',
        ignoreFocusOut: true,
        validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : vscode.l10n.t('The code is exactly six digits.')),
      },
      cancel.token,
    ),
  ).finally(() => cancel.dispose());
  return code === undefined ? undefined : code.trim();
}
