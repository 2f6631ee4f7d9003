import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../base/atomicFile';
import { UserError } from '../../core/common/errors';
import * as l10n from '@vscode/l10n';

/**
 * Replaces a user's AWS file with new bytes, atomically (base/atomicFile.ts), with the file's own mode (0600 for a new one), and only if the file still holds
 * what the new bytes were made from: an edit made meanwhile is never lost. A symbolic link (a
 * dotfiles repository's `~/.aws/config`) is written through: the file it points to gets the bytes,
 * keeping its mode and owner, and the link stays.
 */
export async function replaceAwsFile(path: string, expected: Uint8Array | null, bytes: Uint8Array): Promise<void> {
  let current: Buffer | null = null;
  let mode = 0o600;
  try {
    current = await readFile(path);
    mode = (await stat(path)).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(l10n.t('{0} cannot be read: {1}', path, (e as Error).message), 'file.read');
  }
  if ((current === null) !== (expected === null) || (current !== null && expected !== null && !current.equals(expected))) {
    throw new UserError(l10n.t('{0} changed while the new profiles were being prepared. Nothing was written: try again.', path), 'file.changed');
  }
  try {
    await writeFileAtomic(path, bytes, { mode, createFolder: true, followLinks: true });
  } catch (e) {
    throw new UserError(l10n.t('{0} could not be written: {1}', path, (e as Error).message), 'file.write');
  }
}
