/**
 * What to watch so that a file is seen wherever and whenever it appears: its folder for the file
 * (created, changed, deleted, or replaced by an editor's rename), the folder's parent for the folder
 * (deleted or recreated), and, while the folder does not exist, the nearest folder that does for the
 * next name on the way. Each target is one folder and one name in it: a watcher that is not
 * recursive. Paths only: the caller says which folders exist.
 */

/** Watch `folder` for the entry `name`. */
export interface WatchTarget {
  folder: string;
  name: string;
}

/** Splits a path into its folder and last name, POSIX or Windows style; the root has no parent. */
function split(path: string): { parent: string; name: string } | undefined {
  const trimmed = path.length > 1 ? path.replace(/[\\/]+$/, '') : path;
  const at = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (at < 0) return undefined;
  const parent = at === 0 ? trimmed.slice(0, 1) : /^[A-Za-z]:$/.test(trimmed.slice(0, at)) ? trimmed.slice(0, at + 1) : trimmed.slice(0, at);
  const name = trimmed.slice(at + 1);
  return name === '' ? undefined : { parent, name };
}

/** The targets for one file (absolute path); `isFolder` says whether a path is an existing folder. */
export function watchTargets(file: string, isFolder: (path: string) => boolean): WatchTarget[] {
  const own = split(file);
  if (!own) return [];
  const targets: WatchTarget[] = [];
  if (isFolder(own.parent)) {
    targets.push({ folder: own.parent, name: own.name });
    const up = split(own.parent);
    if (up) targets.push({ folder: up.parent, name: up.name });
    return targets;
  }
  // The folder is missing: watch the nearest existing ancestor for the next name down.
  let missing = own.parent;
  for (let up = split(missing); up; missing = up.parent, up = split(missing)) {
    if (isFolder(up.parent)) return [{ folder: up.parent, name: up.name }];
  }
  return targets;
}

/** The targets for several files, each once. */
export function watchTargetsOf(files: string[], isFolder: (path: string) => boolean): WatchTarget[] {
  const seen = new Map<string, WatchTarget>();
  for (const file of files) for (const t of watchTargets(file, isFolder)) seen.set(`${t.folder}\u0000${t.name}`, t);
  return [...seen.values()];
}
