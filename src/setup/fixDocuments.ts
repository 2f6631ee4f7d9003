import * as vscode from 'vscode';

/** The scheme of the read-only documents "How to Fix…" opens: an editor, not a file. */
export const FIX_SCHEME = 'aws-profiles-fix';

/** How long a refusal of the same role for the same profile is not told again (a terminal's tools retry). */
const REPEAT_MS = 60_000;

/**
 * The read-only documents of "How to Fix…" (markdown, in an editor: the JSON is ready to copy) and
 * the memory of which refusals were told lately. Registered at activation (a content provider for
 * FIX_SCHEME); the documents are written by the setup feature (dist/feature-setup.js) on first use.
 */
export class FixDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private readonly told = new Map<string, number>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  /** Registers the provider; its disposable goes into context.subscriptions. */
  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(FIX_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? vscode.l10n.t('This document is no longer available: run the command that opened it again.');
  }

  /** Opens (or refreshes) the document `name` with this markdown, in an editor of its own. */
  async show(name: string, markdown: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: FIX_SCHEME, path: `/${name.replace(/[\\/]/g, '-')}.md` });
    this.documents.set(uri.toString(), markdown);
    this.emitter.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  /** Whether a refusal (`key`: profile and role) is to be told now: not when it was told in the last minute. */
  shouldTell(key: string, now: number): boolean {
    const last = this.told.get(key);
    if (last !== undefined && now - last < REPEAT_MS) return false;
    this.told.set(key, now);
    return true;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
