import { readFile, realpath, unlink } from 'node:fs/promises';
import { UserError } from '../../core/common/errors';
import type { FileKind } from '../../core/config/types';
import type { AwsFilesBytes } from '../../core/setup/editCheck';
import type { PlannedEdit } from '../../core/setup/profileEdit';
import { readAwsFile } from './awsFiles';
import { replaceAwsFile } from './configFileEdit';
import * as l10n from '@vscode/l10n';

/** Where the two files are. */
export type AwsFilePair = Record<FileKind, string>;

/**
 * Edits the user's AWS files, the one way every command does: reads both files now, plans the edit
 * on those bytes (`plan`: pure, checked with the engine, see core/setup/profileEdit.ts; it throws a
 * UserError when nothing may be written), then writes each file that changes through replaceAwsFile,
 * which re-reads it just before and refuses if it changed meanwhile. When the second file cannot be
 * written, the first is put back: both files change, or neither.
 */
export async function editAwsFiles(paths: AwsFilePair, plan: (before: AwsFilesBytes) => PlannedEdit): Promise<PlannedEdit> {
  const before = await readForEdit(paths);
  const edit = plan(before);
  await writeEdit(paths, edit.before, edit.after, edit.changed);
  return edit;
}

/**
 * Takes an edit back ("Remove What Was Written"): each file it changed gets its old bytes again, or
 * is removed if the edit created it, but only while it still holds what the edit wrote.
 */
export async function undoAwsFilesEdit(paths: AwsFilePair, edit: PlannedEdit): Promise<void> {
  await writeEdit(paths, edit.after, edit.before, edit.changed);
}

/** Both files' bytes (null: no such file), or a UserError naming the one that cannot be read. */
async function readForEdit(paths: AwsFilePair): Promise<AwsFilesBytes> {
  const [config, credentials] = await Promise.all([readAwsFile(paths.config), readAwsFile(paths.credentials)]);
  for (const [path, read] of [[paths.config, config], [paths.credentials, credentials]] as const) {
    if (read.error !== undefined) throw new UserError(l10n.t('{0} cannot be read: {1} Nothing was written.', path, read.error), 'file.read');
  }
  return { config: config.bytes, credentials: credentials.bytes };
}

async function writeEdit(paths: AwsFilePair, from: AwsFilesBytes, to: AwsFilesBytes, files: readonly FileKind[]): Promise<void> {
  const done: FileKind[] = [];
  try {
    for (const file of files) {
      await putFile(paths[file], from[file], to[file]);
      done.push(file);
    }
  } catch (e) {
    for (const file of done.reverse()) {
      await putFile(paths[file], to[file], from[file]).catch(() => undefined);
    }
    throw e;
  }
}

/** Replaces a file that holds `expected` with `bytes`; `bytes` null removes it (it was created by the edit). */
async function putFile(path: string, expected: Uint8Array | null, bytes: Uint8Array | null): Promise<void> {
  if (bytes !== null) return replaceAwsFile(path, expected, bytes);
  // The file the path names once links are followed: a dotfiles link stays, the file it made goes.
  const real = await realpath(path).catch(() => path);
  const current = await readFile(real).catch(() => null);
  if (current === null) return;
  if (expected === null || !current.equals(expected)) {
    throw new UserError(l10n.t('{0} changed since it was written: it is left as it is.', path), 'file.changed');
  }
  await unlink(real);
}
