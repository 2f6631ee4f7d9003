import * as vscode from 'vscode';
import { COMMANDS, type CommandName } from '../base/contributions';
import type { Handler } from './commandHandlers';
import { reportError } from './errorReport';

/**
 * Registers every command through one wrapper: a UserError is shown as written with "Show Log", a
 * cancelled prompt stays silent, anything else leaves its stack in the log and a short message.
 */
export function registerCommands(handlers: Record<CommandName, Handler>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandName[]).map((name) => {
    const { id, title } = COMMANDS[name];
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await handlers[name](...args);
      } catch (e) {
        const report = reportError(title, e);
        if (report.kind === 'silent') return;
        if (report.kind === 'user') log.warn(report.log);
        else log.error(report.log);
        const show = vscode.l10n.t('Show Log');
        const show$ = report.kind === 'user' ? vscode.window.showWarningMessage(report.message, show) : vscode.window.showErrorMessage(report.message, show);
        void show$.then((choice) => {
          if (choice === show) log.show(true);
        });
      }
    });
  });
}
