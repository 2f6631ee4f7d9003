import * as vscode from 'vscode';
import { COMMANDS } from '../base/contributions';
import { TOOLTIP_COMMANDS, type StatusView } from './statusModel';

/** The status-bar item: `$(key) prod 47m`; a click opens the profile picker. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('awsProfiles.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = vscode.l10n.t('AWS Profile');
    this.item.command = COMMANDS.selectProfile.id;
  }

  show(view: StatusView): void {
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      view.background === 'none' ? undefined : new vscode.ThemeColor(view.background === 'warning' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
    this.item.accessibilityInformation = { label: view.text.replace(/^\$\(key\) /, vscode.l10n.t('AWS profile ')) };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
