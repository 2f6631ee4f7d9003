import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How a file is written by writeFileAtomic. */
export interface AtomicWriteOptions {
  /** The file's mode, whatever the umask (0o600 for anything of the user's, 0o444 for read-only copies). */
  mode: number;
  /** Creates the folder first (mode 0700) when it is missing. */
  createFolder?: boolean;
}

/**
 * The one way the extension writes a file (the user's AWS files, the terminals' copies, the
 * installed helper, the AWS CLI's token cache): a temporary file created exclusively in the same
 * folder, given its mode, then renamed over the old one, so that a reader sees the old file or the
 * new one, never half of one, and a failure leaves the old file and no temporary behind.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string, options: AtomicWriteOptions): Promise<void> {
  if (options.createFolder) await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes, { mode: options.mode, flag: 'wx' });
    await chmod(temporary, options.mode);
    // Windows does not rename over a read-only file.
    if (process.platform === 'win32') await chmod(path, 0o644).catch(() => undefined);
    await rename(temporary, path);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}
