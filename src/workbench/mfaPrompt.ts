import * as vscode from 'vscode';
import type { MfaPrompt } from '../core/credentials/credentials';

/** Asks for an MFA code in an input box: exactly six digits, naming the profile and the device; Escape is a silent cancel, and so is the request's cancel (the box closes). */
export function createMfaPrompt(): MfaPrompt {
  return async ({ profile, serialNumber, signal }) => {
    const cancel = new vscode.CancellationTokenSource();
    signal?.addEventListener('abort', () => cancel.cancel(), { once: true });
    const code = await Promise.resolve(vscode.window.showInputBox({
      title: `MFA code for profile "${profile}"`,
      prompt: `Enter the 6-digit code shown by ${serialNumber}`,
      placeHolder: '123456',
      ignoreFocusOut: true,
      validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'The code is exactly six digits.'),
    }, cancel.token)).finally(() => cancel.dispose());
    return code === undefined ? undefined : code.trim();
  };
}
