import * as vscode from 'vscode';
import { awsProfileValueAt } from '../core/terminal/debugLaunch';
import type { ProfileCatalog } from '../profiles/profileCatalog';

/** Where launch.json files are: the completion of "awsProfile" applies there. */
export const LAUNCH_JSON: vscode.DocumentSelector = { pattern: '**/.vscode/launch.json' };

/** Completes the value of `"awsProfile"` in launch.json with the profiles of the AWS files (and `false`). */
export async function launchCompletionItems(catalog: ProfileCatalog, document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
  const at = awsProfileValueAt(document.lineAt(position.line).text.slice(0, position.character));
  if (!at) return undefined;
  const { analysis } = await catalog.ready();
  const range = new vscode.Range(position.translate(0, -at.prefix.length), position);
  const items = [...analysis.model.profiles.keys()].sort().map((name) => {
    const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Value);
    item.insertText = at.quoted ? name : JSON.stringify(name);
    item.range = range;
    item.detail = vscode.l10n.t('AWS profile');
    // Before VS Code's own ${…} variables, which it offers in every launch.json string.
    item.sortText = `!${name}`;
    return item;
  });
  if (!at.quoted) {
    const none = new vscode.CompletionItem('false', vscode.CompletionItemKind.Keyword);
    none.detail = vscode.l10n.t('No AWS credentials from AWS Profiles');
    items.push(none);
  }
  return items;
}
