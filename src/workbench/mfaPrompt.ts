import * as vscode from 'vscode';
import type { MfaPrompt } from '../core/credentials/credentials';

/** Context key set while the MFA code box is open: Escape there runs awsProfiles.cancelMfaPrompt (package.json keybindings). */
export const MFA_PROMPT_CONTEXT = 'awsProfiles.mfaPromptOpen';

/** The MFA code box: the engine's prompt, and Escape (the user's cancel, as opposed to another input closing the box). */
export interface MfaPromptUi {
  prompt: MfaPrompt;
  /** The user pressed Escape in the box: the request is cancelled, silently. */
  escape(): void;
}

/**
 * Asks for an MFA code in an input box: exactly six digits, naming the profile and the device.
 * Escape is a silent cancel, and so is the request's cancel (the box closes). VS Code shows one quick
 * input at a time: when another one (the Command Palette, a picker) closes the box, the request
 * that needs the code is still waiting, so a notification offers to open the box again.
 */
export function createMfaPrompt(): MfaPromptUi {
  let open: { box: vscode.InputBox; escaped: boolean } | undefined;

  const ask = (profile: string, serialNumber: string, signal: AbortSignal | undefined) =>
    new Promise<{ code: string | undefined; escaped: boolean }>((resolve) => {
      const box = vscode.window.createInputBox();
      const state = { box, escaped: false };
      open = state;
      void vscode.commands.executeCommand('setContext', MFA_PROMPT_CONTEXT, true);
      box.title = `MFA code for profile "${profile}"`;
      box.prompt = `Enter the 6-digit code shown by ${serialNumber}`;
      box.placeholder = '123456';
      box.ignoreFocusOut = true;
      const valid = (v: string) => /^\d{6}$/.test(v.trim());
      let code: string | undefined;
      const onAbort = () => {
        state.escaped = true;
        box.hide();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const subscriptions = [
        box.onDidChangeValue((v) => (box.validationMessage = v === '' || valid(v) ? undefined : 'The code is exactly six digits.')),
        box.onDidAccept(() => {
          if (!valid(box.value)) return void (box.validationMessage = 'The code is exactly six digits.');
          code = box.value.trim();
          box.hide();
        }),
        box.onDidHide(() => {
          for (const s of subscriptions) s.dispose();
          signal?.removeEventListener('abort', onAbort);
          box.dispose();
          if (open === state) {
            open = undefined;
            void vscode.commands.executeCommand('setContext', MFA_PROMPT_CONTEXT, false);
          }
          resolve({ code, escaped: state.escaped });
        }),
      ];
      if (signal?.aborted) onAbort();
      else box.show();
    });

  const prompt: MfaPrompt = async ({ profile, serialNumber, signal }) => {
    for (;;) {
      const { code, escaped } = await ask(profile, serialNumber, signal);
      if (code !== undefined) return code;
      if (escaped || signal?.aborted) return undefined;
      const again = 'Enter MFA Code';
      const aborted = new Promise<undefined>((resolve) => signal?.addEventListener('abort', () => resolve(undefined), { once: true }));
      const choice = await Promise.race([
        Promise.resolve(vscode.window.showWarningMessage(`Another input closed the box for the MFA code of profile "${profile}"; what asked for it is still waiting.`, again)),
        aborted,
      ]);
      if (choice !== again || signal?.aborted) return undefined;
    }
  };

  return {
    prompt,
    escape: () => {
      if (!open) return;
      open.escaped = true;
      open.box.hide();
    },
  };
}
