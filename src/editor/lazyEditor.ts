import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGES } from '../base/contributions';
import { requireBuilt } from '../base/lazyRequire';
import type { EditorDeps } from './editorDocuments';
import type * as EditorFeature from './editorFeature';

/** The editor's features for the AWS files (dist/feature-editor.js, or editorFeature.ts under tsx), required when the first such file is opened. */
export function loadEditorFeature(): typeof EditorFeature {
  return requireBuilt('feature-editor', () => require('./feature-editor.js'), () => require(['.', 'editorFeature'].join('/')));
}

/** Whether two paths name the same file (Windows and macOS compare without case). */
function samePath(a: string, b: string): boolean {
  const x = resolve(a);
  const y = resolve(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/**
 * The AWS files as languages of their own, at no cost to activation: the files the extension reads
 * get their language by path (package.json matches `**\/.aws/config` and `**\/.aws/credentials`; a
 * file named by a setting or AWS_CONFIG_FILE gets it when it is opened), and the editor's features
 * (dist/feature-editor.js) load when the first such file is opened.
 */
export class AwsEditors implements vscode.Disposable {
  private feature: EditorFeature.EditorFeature | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: EditorDeps) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.opened(doc)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('awsProfiles.configFile') || e.affectsConfiguration('awsProfiles.credentialsFile')) this.checkOpen();
      }),
    );
    this.checkOpen();
  }

  /** The language a file should have: the files the extension reads are AWS files, wherever they are. */
  languageOf(doc: vscode.TextDocument): string | undefined {
    if (doc.uri.scheme !== 'file') return undefined;
    const paths = this.deps.catalog.filePaths();
    if (samePath(doc.uri.fsPath, paths.config)) return LANGUAGES.config;
    if (samePath(doc.uri.fsPath, paths.credentials)) return LANGUAGES.credentials;
    return undefined;
  }

  private checkOpen(): void {
    for (const doc of vscode.workspace.textDocuments) this.opened(doc);
  }

  private opened(doc: vscode.TextDocument): void {
    const language = this.languageOf(doc);
    if (language !== undefined && doc.languageId !== language) {
      // VS Code opens the document again with the language, which comes back here.
      void vscode.languages.setTextDocumentLanguage(doc, language).then(undefined, (e) => this.deps.log.warn(`Could not make ${doc.uri.fsPath} an ${language} file: ${(e as Error).message}`));
      return;
    }
    if (doc.languageId === LANGUAGES.config || doc.languageId === LANGUAGES.credentials) this.loaded();
  }

  /** The editor's features, loaded on first use. */
  loaded(): EditorFeature.EditorFeature {
    if (!this.feature) {
      const started = performance.now();
      this.feature = loadEditorFeature().startEditorFeature(this.deps);
      this.deps.log.info(`Loaded the editor features of the AWS files in ${Math.round(performance.now() - started)} ms.`);
    }
    return this.feature;
  }

  /** The quick fix that moves a profile's keys from the config file (a document) to the credentials file, which it saves. */
  moveKeysToCredentials(uri: vscode.Uri, line: number): Promise<void> {
    return this.loaded().moveKeysToCredentials(uri, line);
  }

  dispose(): void {
    this.feature?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
