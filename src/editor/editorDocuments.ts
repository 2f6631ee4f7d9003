import { dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { readAwsFile } from '../aws/files/awsFiles';
import { LANGUAGES } from '../base/contributions';
import type { FileKind } from '../core';
import { AwsDocument } from '../core/editor/awsDocument';
import { editorDiagnostics, type EditorDiagnostic } from '../core/editor/editorDiagnostics';
import type { ProfileCatalog } from '../profiles/profileCatalog';

/** What the editor's features work with. */
export interface EditorDeps {
  catalog: ProfileCatalog;
  log: vscode.LogOutputChannel;
}

/** How long the other file's bytes read from disk are reused (it is watched only where it is the extension's own). */
const DISK_TTL_MS = 1_000;

/** The pair of files a document is one of, and whether it is the pair the extension reads. */
export interface FilePair {
  config: string;
  credentials: string;
  /** The files the extension reads (its settings, the AWS variables, ~/.aws): their profiles are the Profiles view's. */
  own: boolean;
}

/**
 * The AWS documents open in the editor, each read as botocore reads it together with the other file
 * of its pair (that file's unsaved text where it is open, else its bytes on disk), once per version.
 */
export class EditorDocuments {
  private readonly cache = new Map<string, { version: number; other: unknown; doc: AwsDocument }>();
  private readonly diagnosticsOf = new WeakMap<AwsDocument, EditorDiagnostic[]>();
  private readonly disk = new Map<string, { at: number; bytes: Uint8Array | null }>();

  constructor(private readonly deps: EditorDeps) {}

  /** Which of the two files a document is, by its language. */
  kindOf(doc: vscode.TextDocument): FileKind | undefined {
    return doc.languageId === LANGUAGES.config ? 'config' : doc.languageId === LANGUAGES.credentials ? 'credentials' : undefined;
  }

  /** Which of the two files a document is, by its language or, before VS Code has given it its language, by its path. */
  fileKind(doc: vscode.TextDocument): FileKind | undefined {
    const byLanguage = this.kindOf(doc);
    if (byLanguage !== undefined || doc.uri.scheme !== 'file') return byLanguage;
    const paths = this.deps.catalog.filePaths();
    const path = resolve(doc.uri.fsPath);
    return path === resolve(paths.config) ? 'config' : path === resolve(paths.credentials) ? 'credentials' : undefined;
  }

  /** The pair of a document: the extension's own files when it is one of them, else the file of the other name beside it. */
  pairOf(doc: vscode.TextDocument, kind: FileKind): FilePair {
    const paths = this.deps.catalog.filePaths();
    const path = resolve(doc.uri.fsPath);
    if (resolve(paths[kind]) === path) return { config: resolve(paths.config), credentials: resolve(paths.credentials), own: true };
    const beside = join(dirname(path), kind === 'config' ? 'credentials' : 'config');
    return kind === 'config' ? { config: path, credentials: beside, own: false } : { config: beside, credentials: path, own: false };
  }

  /** The document of the pair's other file, where it is open. */
  openDocument(path: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && resolve(d.uri.fsPath) === path);
  }

  /** The other file's text or bytes and what identifies them (a document version, the catalog's reading, a read from disk). */
  private async otherBytes(pair: FilePair, other: FileKind): Promise<{ bytes: Uint8Array | string | null; key: unknown }> {
    const open = this.openDocument(pair[other]);
    if (open) return { bytes: open.getText(), key: `${open.uri.toString()}@${open.version}` };
    if (pair.own) {
      const catalog = await this.deps.catalog.ready();
      return { bytes: catalog.bytes[other], key: catalog };
    }
    const cached = this.disk.get(pair[other]);
    if (cached && Date.now() - cached.at < DISK_TTL_MS) return { bytes: cached.bytes, key: cached };
    const read = await readAwsFile(pair[other]);
    const entry = { at: Date.now(), bytes: read.bytes };
    this.disk.set(pair[other], entry);
    return { bytes: read.bytes, key: entry };
  }

  /** The document read as botocore reads it (undefined for a document that is no AWS file). */
  async get(doc: vscode.TextDocument): Promise<AwsDocument | undefined> {
    const kind = this.kindOf(doc);
    if (kind === undefined) return undefined;
    const pair = this.pairOf(doc, kind);
    const { bytes, key } = await this.otherBytes(pair, kind === 'config' ? 'credentials' : 'config');
    const id = doc.uri.toString();
    const cached = this.cache.get(id);
    if (cached && cached.version === doc.version && cached.other === key) return cached.doc;
    const aws = new AwsDocument(kind, doc.getText(), bytes, process.platform);
    this.cache.set(id, { version: doc.version, other: key, doc: aws });
    return aws;
  }

  /** A document's problems (computed once per reading). */
  diagnostics(aws: AwsDocument): EditorDiagnostic[] {
    let list = this.diagnosticsOf.get(aws);
    if (!list) this.diagnosticsOf.set(aws, (list = editorDiagnostics(aws)));
    return list;
  }

  /** The URI of one file of a document's pair. */
  uriOf(doc: vscode.TextDocument, kind: FileKind): vscode.Uri {
    const own = this.kindOf(doc);
    if (own === kind) return doc.uri;
    const path = this.pairOf(doc, own!)[kind];
    return this.openDocument(path)?.uri ?? vscode.Uri.file(path);
  }

  /** Forgets a closed document. */
  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }
}
