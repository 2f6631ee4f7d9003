import * as vscode from 'vscode';
import { analyze, type Analysis, type FileKind } from '../core';
import { awsFilePaths, readAwsFile, type AwsFilePaths } from '../aws/files/awsFiles';
import { AwsFilesWatcher } from '../aws/files/awsFilesWatcher';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';
import { displayPath } from './profileFacts';

/** The two files as last read: what the tree, the picker and the credentials engine work from. */
export interface Catalog {
  analysis: Analysis;
  /** The bytes the analysis was made from (null: no such file). */
  bytes: { config: Uint8Array | null; credentials: Uint8Array | null };
  paths: AwsFilePaths;
  readErrors: { file: FileKind; message: string }[];
  /** Whether either file exists. */
  hasFiles: boolean;
}

const EMPTY: Catalog = {
  analysis: analyze(null, null),
  bytes: { config: null, credentials: null },
  paths: { config: '', credentials: '', configFrom: 'default', credentialsFrom: 'default' },
  readErrors: [],
  hasFiles: false,
};

/**
 * Reads the AWS config and credentials files (nothing before the first `ready()`), re-reads them
 * within a second of an edit, a created or deleted file, or a change of the settings naming them,
 * and says so. Every read happens under a watch that is already up (aws/files/awsFilesWatcher), so
 * an edit a moment after a read is never lost (issue 26). Never shows a message: problems are in
 * the analysis.
 */
export class ProfileCatalog implements vscode.Disposable {
  private current: Catalog = EMPTY;
  private loading: Promise<Catalog> | undefined;
  private loaded = false;
  private readonly watcher: AwsFilesWatcher;
  private debounce: NodeJS.Timeout | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly env: Readonly<Record<string, string | undefined>>,
    readonly home: string,
  ) {
    this.watcher = new AwsFilesWatcher(() => this.schedule(), (sentence) => this.log.warn(sentence));
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS.configFile.key) || e.affectsConfiguration(SETTINGS.credentialsFile.key)) {
          this.log.info('The settings naming the AWS files changed: reading them again.');
          this.schedule(0);
        }
      }),
    );
  }

  /** The files as last read (empty before the first load). Synchronous: the engine asks on every request. */
  get snapshot(): Catalog {
    return this.current;
  }

  /** The files, read once on first use. */
  ready(): Promise<Catalog> {
    if (this.loaded) return Promise.resolve(this.current);
    return this.reload();
  }

  /** Reads both files again now (one read at a time; a reload asked during a read runs after it). */
  reload(): Promise<Catalog> {
    const previous = this.loading ?? Promise.resolve(this.current);
    const next = previous.catch(() => undefined).then(() => this.read());
    this.loading = next;
    void next.finally(() => {
      if (this.loading === next) this.loading = undefined;
    });
    return next;
  }

  /** The two files as the settings, the environment and the defaults name them now (read or not). */
  filePaths(): AwsFilePaths {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    return awsFilePaths({ configFile: config.get<string>('configFile'), credentialsFile: config.get<string>('credentialsFile') }, this.env, this.home);
  }

  private async read(): Promise<Catalog> {
    const started = performance.now();
    const paths = this.filePaths();
    const [c, k] = await this.watcher.read([paths.config, paths.credentials], () => Promise.all([readAwsFile(paths.config), readAwsFile(paths.credentials)]));
    const readErrors: Catalog['readErrors'] = [];
    if (c.error) readErrors.push({ file: 'config', message: c.error });
    if (k.error) readErrors.push({ file: 'credentials', message: k.error });
    const analysis = analyze(c.bytes, k.bytes, { platform: process.platform });
    this.current = { analysis, bytes: { config: c.bytes, credentials: k.bytes }, paths, readErrors, hasFiles: c.bytes !== null || k.bytes !== null || readErrors.length > 0 };
    this.loaded = true;
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    this.log.info(
      `Read ${analysis.model.profiles.size} profile(s) from ${displayPath(paths.config, this.home)} (${paths.configFrom}) and ${displayPath(paths.credentials, this.home)} (${paths.credentialsFrom}) in ${Math.round(performance.now() - started)} ms` +
        (errors > 0 ? `; ${errors} problem(s) shown in the Profiles view.` : '.'),
    );
    for (const e of readErrors) this.log.warn(e.message);
    if (analysis.cliRejects) this.log.warn(`The AWS CLI rejects the ${analysis.cliRejects.file} file (${analysis.cliRejects.reason}, line ${analysis.cliRejects.line ?? '?'}): see the top of the Profiles view.`);
    this.emitter.fire();
    return this.current;
  }

  /** Re-reads after a burst of file events settles (editors write in several steps). */
  private schedule(delayMs = 150): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload().catch((e) => this.log.error(`Reading the AWS files failed: ${(e as Error)?.stack ?? e}`)), delayMs);
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.watcher.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
