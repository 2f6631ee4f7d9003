import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';
import { maskRanges } from '../core/editor/navigation';
import type { EditorDocuments } from './editorDocuments';
import { toRange } from './liveDiagnostics';

/** What stands where a secret is hidden. */
const DOTS = '••••••••••••';

/**
 * Keeps secrets out of sight: in the AWS files, the values of aws_secret_access_key,
 * aws_session_token and aws_security_token are not drawn (a decoration hides their text, and dots
 * stand after the `=`) until the cursor is on their line, so that a screen share or a screenshot of
 * the file does not show them. The text itself is untouched: copying copies it.
 * `awsProfiles.editor.maskSecrets` (default on) turns it off.
 */
export class SecretMask implements vscode.Disposable {
  // VS Code has no decoration that removes text: `display: none` through textDecoration, which
  // VS Code writes into the decoration's CSS rule as given, leaves the text out of what is drawn.
  private readonly hidden = vscode.window.createTextEditorDecorationType({ textDecoration: vscode.l10n.t('none; display: none;') });
  private readonly dots = vscode.window.createTextEditorDecorationType({
    after: { contentText: DOTS, color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 0.3ch' },
  });
  private readonly subscriptions: vscode.Disposable[] = [this.hidden, this.dots];

  constructor(private readonly docs: EditorDocuments) {
    this.subscriptions.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.update(e))),
      // A file given its language by path is opened again with it, under an editor already visible: drawn anew.
      vscode.workspace.onDidOpenTextDocument((doc) => {
        setTimeout(() => {
          for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === doc.uri.toString()) this.update(editor);
        }, 0);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.update(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) this.update(editor);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS.editorMaskSecrets.key)) vscode.window.visibleTextEditors.forEach((editor) => this.update(editor));
      }),
    );
    vscode.window.visibleTextEditors.forEach((e) => this.update(e));
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('editor.maskSecrets', SETTINGS.editorMaskSecrets.default);
  }

  /** Masks every secret of an editor but those on a line the cursor (or a selection) is on. */
  private update(editor: vscode.TextEditor): void {
    // By path too: a secret is hidden from the first moment, before VS Code has given the file its language.
    if (this.docs.fileKind(editor.document) === undefined) return;
    if (!this.enabled()) {
      editor.setDecorations(this.hidden, []);
      editor.setDecorations(this.dots, []);
      return;
    }
    const shown = new Set<number>();
    for (const s of editor.selections) for (let l = s.start.line; l <= s.end.line; l++) shown.add(l);
    const ranges = maskRanges(editor.document.getText())
      .map(toRange)
      .filter((r) => !shown.has(r.start.line));
    editor.setDecorations(this.hidden, ranges);
    // The dots go after the character before the value (the `=`, a space, the indentation), which stays drawn.
    editor.setDecorations(
      this.dots,
      ranges.map((r) => new vscode.Range(r.start.line, r.start.character - 1, r.start.line, r.start.character)),
    );
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
