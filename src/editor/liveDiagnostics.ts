import * as vscode from 'vscode';
import type { EditorDiagnostic } from '../core/editor/editorDiagnostics';
import type { EditorDeps, EditorDocuments } from './editorDocuments';

/** How long typing must pause before a buffer is read again. */
const DEBOUNCE_MS = 250;

/** The Problems view's source of these diagnostics. */
export const DIAGNOSTIC_SOURCE = vscode.l10n.t('AWS Profiles');

const SEVERITY: Record<EditorDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A range of the pure core as VS Code's. */
export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** An editor diagnostic as VS Code's. */
export function toDiagnostic(d: EditorDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}

/**
 * The problems of every open AWS file as you type: the buffer (unsaved) is read again a moment after
 * each edit, and when the other file of its pair changes (typed in, or saved and read again).
 */
export class LiveDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('awsProfiles');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly docs: EditorDocuments,
    private readonly deps: EditorDeps,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.schedule(e.document, DEBOUNCE_MS);
        // The other file of its pair reads this one.
        for (const doc of vscode.workspace.textDocuments) if (doc !== e.document && this.docs.kindOf(doc) !== undefined) this.schedule(doc, DEBOUNCE_MS * 2);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.collection.delete(doc.uri);
        this.docs.forget(doc);
        clearTimeout(this.timers.get(doc.uri.toString()));
      }),
      deps.catalog.onDidChange(() => this.refreshAll()),
    );
    this.refreshAll();
  }

  private refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (this.docs.kindOf(doc) === undefined) {
      // A document that was an AWS file until its language changed.
      if (this.collection.has(doc.uri)) this.collection.delete(doc.uri);
      return;
    }
    const id = doc.uri.toString();
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        void this.run(doc).catch((e) => this.deps.log.error(`Checking ${doc.uri.fsPath} failed: ${(e as Error)?.stack ?? e}`));
      }, delayMs),
    );
  }

  private async run(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const version = doc.version;
    const aws = await this.docs.get(doc);
    // A newer edit has its own run coming.
    if (!aws || doc.isClosed || doc.version !== version) return;
    this.collection.set(doc.uri, this.docs.diagnostics(aws).map(toDiagnostic));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.subscriptions) d.dispose();
  }
}
