import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../core/common/errors';

/**
 * Replaces a user's AWS file with new bytes, atomically (a temporary file in the same folder,
 * renamed over it), with the file's own mode (0600 for a new one), and only if the file still holds
 * what the new bytes were made from: an edit made meanwhile is never lost.
 */
export async function replaceAwsFile(path: string, expected: Uint8Array | null, bytes: Uint8Array): Promise<void> {
  let current: Buffer | null = null;
  let mode = 0o600;
  try {
    current = await readFile(path);
    mode = (await stat(path)).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`${path} cannot be read: ${(e as Error).message}`, 'file.read');
  }
  if ((current === null) !== (expected === null) || (current !== null && expected !== null && !current.equals(expected))) {
    throw new UserError(`${path} changed while the new profiles were being prepared. Nothing was written: try again.`, 'file.changed');
  }
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(temporary, bytes, { mode, flag: 'wx' });
    await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw new UserError(`${path} could not be written: ${(e as Error).message}`, 'file.write');
  }
}
