import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { watchTargetsOf, type WatchTarget } from '../../core/config/watchTargets';
import * as l10n from '@vscode/l10n';

/** One folder watched for some of its entries: the folder as it was when its watch began (folderIdentity), and the names that matter. */
interface FolderWatch {
  identity: string;
  names: Set<string>;
  /** undefined: the watch failed while the folder stayed the same; it is not tried again. */
  watcher: FSWatcher | undefined;
}

/**
 * Watches the AWS files where they are or will appear (core/watchTargets) and reads them only once
 * the watch is up, so that no edit is lost between a read and the watch (issue 26): an edit made
 * after the watch began is an event, one made before it is in what the read sees.
 *
 * The watch is Node's own `fs.watch`, which watches from the moment it returns: inotify on Linux,
 * ReadDirectoryChangesW on Windows (on macOS libuv starts FSEvents for a folder on a thread of its
 * own, a moment later: a gap of that moment is left there). VS Code's `createFileSystemWatcher`
 * does not: it asks, without an answer, the workbench to ask the server's watcher, so the watch
 * begins some time later (over 100 ms in a busy remote window) and an edit in that time was never
 * seen. Both watch the same folders, never recursively, in the process that reads the files.
 */
export class AwsFilesWatcher {
  private readonly folders = new Map<string, FolderWatch>();
  private disposed = false;

  /**
   * `onChange` runs on every event of a watched name, with its path (several for one edit: the
   * caller debounces), and without one when anything may have changed; `onProblem` says, in a
   * sentence, that a folder cannot be watched.
   */
  constructor(
    private readonly onChange: (path?: string) => void,
    private readonly onProblem: (sentence: string) => void = () => undefined,
  ) {}

  /**
   * Watches what `files` need, then runs `read`. When the watch no longer fits once `read` is done (a
   * folder appeared, went or was replaced meanwhile), watches again and reads again, so that what is
   * returned was read under a watch that fits it. After a few rounds it returns the last read and
   * asks for another one (`onChange`): the folders keep changing, and events will follow.
   */
  async read<T>(files: readonly string[], read: () => Promise<T>): Promise<T> {
    for (let round = 1; ; round++) {
      const watched = this.watch(files);
      const result = await read();
      if (this.disposed || plan(files).key === watched) return result;
      if (round === MAX_ROUNDS) {
        this.onChange();
        return result;
      }
    }
  }

  /** Closes every watch. */
  dispose(): void {
    this.disposed = true;
    for (const f of this.folders.values()) f.watcher?.close();
    this.folders.clear();
  }

  /** Makes the watches what `files` need now (each folder once; the same path made again is another folder); returns the plan's key. */
  private watch(files: readonly string[]): string {
    const { byFolder, key } = plan(files);
    if (this.disposed) return key;
    for (const [folder, f] of this.folders) {
      const wanted = byFolder.get(folder);
      if (!wanted || wanted.identity !== f.identity) {
        f.watcher?.close();
        this.folders.delete(folder);
      }
    }
    for (const [folder, wanted] of byFolder) {
      const current = this.folders.get(folder);
      if (current) {
        current.names = wanted.names;
        continue;
      }
      const entry: FolderWatch = { identity: wanted.identity, names: wanted.names, watcher: undefined };
      try {
        entry.watcher = watch(folder, { persistent: false }, (_event, name) => {
          // No name (some platforms, an overflow): anything may have changed.
          if (name === null) this.onChange();
          else if (entry.names.has(String(name))) this.onChange(join(folder, String(name)));
          // Linux names the watched folder itself when it is deleted or moved away: its watch is over.
          else if (String(name) === basename(folder)) this.gone(folder, entry);
        });
      } catch (e) {
        // Gone between the plan and the watch: its parent's watch sees it come back, and read() finds
        // the plan changed. Anything else (no watches left): said once, and not tried again.
        if (folderIdentity(folder) === wanted.identity) {
          this.folders.set(folder, entry);
          this.onProblem(cannotWatch(folder, e));
        }
        continue;
      }
      entry.watcher.on('error', (e) => this.failed(folder, entry, e));
      this.folders.set(folder, entry);
    }
    return key;
  }

  /** The watched folder itself went: the read this asks for watches what is at its path now. */
  private gone(folder: string, entry: FolderWatch): void {
    entry.watcher?.close();
    entry.watcher = undefined;
    if (this.disposed || this.folders.get(folder) !== entry) return;
    this.folders.delete(folder);
    this.onChange(folder);
  }

  /**
   * A watch that failed: when its folder went or was replaced (Windows says so with an error), the
   * read it asks for watches what is there now; a folder still there is not watched again.
   */
  private failed(folder: string, entry: FolderWatch, error: Error): void {
    entry.watcher?.close();
    entry.watcher = undefined;
    if (this.disposed || this.folders.get(folder) !== entry) return;
    if (folderIdentity(folder) === entry.identity) this.onProblem(cannotWatch(folder, error));
    else this.gone(folder, entry);
  }
}

/** The sentence for a folder that cannot be watched. */
function cannotWatch(folder: string, error: unknown): string {
  return l10n.t('{0} cannot be watched ({1}): edits of the AWS files in it show only after a reload of the window.', folder, (error as Error)?.message ?? String(error));
}

/** Rounds of watch-and-read before read() leaves the rest to events. */
const MAX_ROUNDS = 3;

/** The folders to watch for `files`, each with its identity now and the names that matter in it, and a key that changes when any of that does. */
function plan(files: readonly string[]): { byFolder: Map<string, { identity: string; names: Set<string> }>; key: string } {
  const identities = new Map<string, string | undefined>();
  const identity = (path: string) => {
    if (!identities.has(path)) identities.set(path, folderIdentity(path));
    return identities.get(path);
  };
  const targets: WatchTarget[] = watchTargetsOf([...files], (p) => identity(p) !== undefined);
  const byFolder = new Map<string, { identity: string; names: Set<string> }>();
  for (const t of targets) {
    const id = identity(t.folder);
    if (id === undefined) continue;
    const entry = byFolder.get(t.folder) ?? { identity: id, names: new Set<string>() };
    entry.names.add(t.name);
    byFolder.set(t.folder, entry);
  }
  const key = JSON.stringify([...byFolder].map(([folder, e]) => [folder, e.identity, [...e.names].sort()]).sort());
  return { byFolder, key };
}

/**
 * A folder's device, inode and birth time: another folder made at the same path differs in one of
 * them (ext4 gives a folder made again the inode just freed); undefined when the path is not a folder.
 */
function folderIdentity(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return s.isDirectory() ? `${s.dev}:${s.ino}:${s.birthtimeNs}` : undefined;
  } catch {
    return undefined;
  }
}
