import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../base/contributions';
import { commandLine } from '../core/terminal/helperProtocol';
import { COPIES_FOLDER, COPY_SUFFIX } from '../core/terminal/copyHeader';
import type { ConfigOverlay, ProfileFlagMode } from '../core/terminal/configOverlay';
import type { Catalog, ProfileCatalog } from '../profiles/profileCatalog';
import { displayPath } from '../profiles/profileFacts';
import { loadTerminalSupport } from './lazyTerminalSupport';

/** A copy of the config file as written for a profile's terminals. */
export interface WrittenOverlay {
  path: string;
  marker: string;
  bytes: Uint8Array;
  served: { keys: string[]; profiles: string[] };
}

/** Where the copies and the helper live, and how the helper runs. */
export interface TerminalCopiesOptions {
  catalog: ProfileCatalog;
  /** The extension's global storage folder: the copies of the config file and the installed helper. */
  storageDir: string;
  /** dist/credentialHelper.js of the installed extension. */
  helperBundle: string;
  log: vscode.LogOutputChannel;
}

/**
 * The read-only copies of the config file that terminals served by the helper read (one per source
 * file and profile, the profile's marker in them), kept in step with the user's files and put back
 * when something else writes to them; and the installed helper their `credential_process` runs.
 */
export class TerminalCopies implements vscode.Disposable {
  private readonly overlays = new Map<string, WrittenOverlay>();
  private helper: Promise<string[]> | undefined;
  private watcher: vscode.Disposable | undefined;
  private notifiedForeign = false;

  constructor(
    private readonly o: TerminalCopiesOptions,
    /** Runs when a copy changed on disk (the owner refreshes them through its queue). */
    private readonly onCopyChanged: () => void,
  ) {}

  /** Writes (if it changed) the copy of the config file for a profile's terminals, or says why there is none. */
  async write(profile: string, catalog: Catalog, profileFlag: ProfileFlagMode): Promise<WrittenOverlay | string> {
    const overlay = await this.build(profile, catalog, profileFlag);
    if (!overlay.ok) return overlay.reason;
    const { privateDirectory, overlayPath, readIfExists, writeReadOnly } = loadTerminalSupport();
    const folder = await privateDirectory(join(this.o.storageDir, COPIES_FOLDER));
    this.watch(folder);
    const path = overlayPath(folder, catalog.paths.config, profile);
    const on = await readIfExists(path);
    if (!on || !Buffer.from(on).equals(overlay.bytes)) {
      if (on && this.overlays.get(profile)?.path === path && !Buffer.from(on).equals(this.overlays.get(profile)!.bytes)) this.foreignWrite(path);
      await writeReadOnly(path, overlay.bytes);
      this.o.log.info(`Terminals of profile "${profile}" read ${displayPath(path, this.o.catalog.home)}, a copy of ${displayPath(catalog.paths.config, this.o.catalog.home)} (AWS_PROFILE=${overlay.marker}).`);
    }
    const written = { path, marker: overlay.marker, bytes: overlay.bytes, served: overlay.served };
    this.overlays.set(profile, written);
    return written;
  }

  /** Brings the copies of earlier terminals in step with the config file as it is now (see sweepAction). */
  async sweep(catalog: Catalog, profileFlag: ProfileFlagMode, inUse: ReadonlySet<string>, now: number): Promise<void> {
    const folder = join(this.o.storageDir, COPIES_FOLDER);
    // Most windows have no copies at all: then the terminals' bundle is not loaded for this.
    if (!(await readdir(folder).catch(() => [] as string[])).some((name) => name.endsWith(COPY_SUFFIX))) return;
    const { copiesIn, overlayPath, removeCopy, sweepAction, writeReadOnly } = loadTerminalSupport();
    const helper = await this.installHelper();
    const home = this.o.catalog.home;
    const context = {
      configPath: catalog.paths.config,
      inUse,
      pathOf: (source: string, profile: string) => overlayPath(folder, source, profile),
      build: (profile: string) => (catalog.analysis.model.profiles.has(profile) ? this.overlayOf(profile, catalog, profileFlag, helper) : undefined),
      now,
    };
    for (const copy of await copiesIn(folder)) {
      const action = sweepAction(copy, context);
      if (action.kind === 'delete') {
        await removeCopy(copy.path);
        this.o.log.info(`Deleted ${displayPath(copy.path, home)}, a copy of the config file that earlier terminals may read: ${action.reason}.`);
      } else if (action.kind === 'write') {
        await writeReadOnly(copy.path, action.bytes);
        this.o.log.info(`Remade ${displayPath(copy.path, home)} from ${displayPath(catalog.paths.config, home)} for earlier terminals of profile "${action.profile}".`);
      }
    }
  }

  /** Forgets the copies of profiles no longer in use (they are no longer kept in step). */
  keepOnly(inUse: ReadonlySet<string>): void {
    for (const profile of [...this.overlays.keys()]) if (!inUse.has(profile)) this.overlays.delete(profile);
  }

  /** Forgets a profile's copy (it could not be written). */
  forget(profile: string): void {
    this.overlays.delete(profile);
  }

  /** The profiles and the config-file keys the copies leave to the helper. */
  served(): { profiles: Set<string>; keys: Set<string> } {
    const served = { profiles: new Set<string>(), keys: new Set<string>() };
    for (const o of this.overlays.values()) {
      o.served.profiles.forEach((p) => served.profiles.add(p));
      o.served.keys.forEach((p) => served.keys.add(p));
    }
    return served;
  }

  dispose(): void {
    this.watcher?.dispose();
  }

  /** The copy of the config file for a profile's terminals, or why there can be none. */
  private async build(profile: string, catalog: Catalog, profileFlag: ProfileFlagMode): Promise<ConfigOverlay> {
    return this.overlayOf(profile, catalog, profileFlag, await this.installHelper());
  }

  private overlayOf(profile: string, catalog: Catalog, profileFlag: ProfileFlagMode, helper: string[]): ConfigOverlay {
    return loadTerminalSupport().buildConfigOverlay({
      config: catalog.bytes.config,
      credentials: catalog.bytes.credentials,
      analysis: catalog.analysis,
      profile,
      source: catalog.paths.config,
      helper: (args) => commandLine([...helper, ...args], process.platform),
      profileFlag,
    });
  }

  /** Puts a copy back within a second when something else writes to it (see foreignWrite). */
  private watch(folder: string): void {
    if (this.watcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*'));
    watcher.onDidChange(this.onCopyChanged);
    watcher.onDidCreate(this.onCopyChanged);
    watcher.onDidDelete(this.onCopyChanged);
    this.watcher = watcher;
  }

  /** `aws configure set …` in such a terminal wrote into the copy (possible as root): say so, once; the copy is put back. */
  private foreignWrite(path: string): void {
    this.o.log.warn(`Something wrote to ${path}, the read-only copy of the config file that terminals read ("aws configure" run as root?). It is put back; change your own config file instead.`);
    if (this.notifiedForeign) return;
    this.notifiedForeign = true;
    void vscode.window.showWarningMessage(
      vscode.l10n.t('A terminal changed its copy of the AWS config file ("aws configure"?), which AWS Profiles remakes from your own config file: the change is not kept. Edit your config file, or run "aws configure" in a terminal without a profile.'),
      vscode.l10n.t('Open Config File'),
    ).then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.openConfig.id);
    });
  }

  /** The helper installed in the storage folder (once per window), as the command that runs it. */
  private installHelper(): Promise<string[]> {
    this.helper ??= loadTerminalSupport().installHelper(join(this.o.storageDir, 'bin'), this.o.helperBundle, {
      execPath: process.execPath,
      electron: process.versions.electron !== undefined,
      platform: process.platform,
    });
    void this.helper.catch(() => (this.helper = undefined));
    return this.helper;
  }
}
