// The AWS files' editor features, bundled on their own (dist/feature-editor.js) and required when the
// first AWS file is opened (editor/lazyEditor.ts).
import * as vscode from 'vscode';
import { UserError } from '../core/common/errors';
import { quickFixes } from '../core/editor/quickFixes';
import { EditorDocuments, type EditorDeps } from './editorDocuments';
import { registerProviders, workspaceEdit } from './editorProviders';
import { LiveDiagnostics } from './liveDiagnostics';
import { SecretMask } from './secretMask';

/** The running editor features. */
export interface EditorFeature extends vscode.Disposable {
  moveKeysToCredentials(uri: vscode.Uri, line: number): Promise<void>;
}

/** Starts every editor feature of the AWS files: providers, live problems, masked secrets. */
export function startEditorFeature(deps: EditorDeps): EditorFeature {
  const docs = new EditorDocuments(deps);
  const disposables: vscode.Disposable[] = [...registerProviders(docs, deps), new LiveDiagnostics(docs, deps), new SecretMask(docs)];
  return {
    async moveKeysToCredentials(uri, line) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const aws = doc && (await docs.get(doc));
      const d = aws && docs.diagnostics(aws).find((x) => x.code === 'key.in_config' && x.range.start.line === line);
      const fix = d && quickFixes(aws, d)[0];
      if (!doc || !fix) throw new UserError(vscode.l10n.t('The keys on line {0} cannot be moved any more: the file changed. Try the quick fix again.', line + 1), 'editor.moveKeys');
      const credentials = docs.uriOf(doc, 'credentials');
      if (!(await vscode.workspace.applyEdit(workspaceEdit(docs, doc, fix.edits), { isRefactoring: true }))) {
        throw new UserError(vscode.l10n.t('VS Code did not apply the move of the keys: nothing changed.'), 'editor.moveKeys');
      }
      // The keys now live in the credentials file's buffer: saved at once, before anything else (the config file stays as you save it).
      const target = await vscode.workspace.openTextDocument(credentials);
      if (!(await target.save())) throw new UserError(vscode.l10n.t('{0} could not be saved: save it before the config file, which no longer holds the keys.', credentials.fsPath), 'editor.moveKeys');
      deps.log.info(`Moved the keys of line ${line + 1} of ${uri.fsPath} to ${credentials.fsPath} and saved it.`);
    },
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
