import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, mkdir, readlink, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';

/** How a file is written by writeFileAtomic. */
export interface AtomicWriteOptions {
  /** The file's mode, whatever the umask (0o600 for anything of the user's, 0o444 for read-only copies). */
  mode: number;
  /** Creates the folder first (mode 0700) when it is missing. */
  createFolder?: boolean;
  /**
   * Writes through a symbolic link (a dotfiles manager's `~/.aws/config`) to the file it points to,
   * so that the link stays a link; the file keeps its owner where the process may give it back.
   */
  followLinks?: boolean;
}

/** Links followed at most, as the system's own limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * The one way the extension writes a file (the user's AWS files, the terminals' copies, the
 * installed helper, the AWS CLI's token cache): a temporary file created exclusively in the same
 * folder, given its mode, then renamed over the old one, so that a reader sees the old file or the
 * new one, never half of one, and a failure leaves the old file and no temporary behind.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string, options: AtomicWriteOptions): Promise<void> {
  const target = options.followLinks ? await linkTarget(path) : path;
  if (options.createFolder) await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const owner = options.followLinks ? await stat(target).catch(() => undefined) : undefined;
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes, { mode: options.mode, flag: 'wx' });
    await chmod(temporary, options.mode);
    if (owner && process.platform !== 'win32') await keepOwner(temporary, owner);
    // Windows does not rename over a read-only file.
    if (process.platform === 'win32') await chmod(target, 0o644).catch(() => undefined);
    await rename(temporary, target);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}

/** The file a path names once every symbolic link is followed (which may not exist yet: a link to a file to create). */
async function linkTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let i = 0; i < MAX_LINKS; i++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw e;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(l10n.t('{0}: too many levels of symbolic links', path)), { code: 'ELOOP' });
}

/** Gives the new file the old one's owner and group; only root (or the owner, for a group it is in) may, so a refusal leaves them as they are. */
async function keepOwner(path: string, owner: { uid: number; gid: number }): Promise<void> {
  const mine = await stat(path);
  if (mine.uid === owner.uid && mine.gid === owner.gid) return;
  await chown(path, owner.uid, owner.gid).catch(() => undefined);
}
