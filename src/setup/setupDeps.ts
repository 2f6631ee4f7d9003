import * as vscode from 'vscode';
import { editAwsFiles } from '../aws/files/awsFilesEdit';
import type { IamGateway } from '../aws/iam/iamGateway';
import { UserError } from '../core/common/errors';
import type { CredentialService } from '../core/credentials/credentials';
import type { AwsFilesBytes, FileNames } from '../core/setup/editCheck';
import { planProfileEdit, type PlannedEdit, type PlanOptions, type ProfileChange } from '../core/setup/profileEdit';
import type { ActiveProfile } from '../profiles/activeProfile';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import { displayPath } from '../profiles/profileFacts';
import type { FixDocuments } from './fixDocuments';

/** What the commands that set up profiles work with (built in activate()). */
export interface SetupDeps {
  catalog: ProfileCatalog;
  credentials: CredentialService;
  active: ActiveProfile;
  log: vscode.LogOutputChannel;
  clock: { now(): number };
  /** The environment endpoints are resolved from (AWS_ENDPOINT_URL_IAM, …). */
  env: Readonly<Record<string, string | undefined>>;
  /** IAM (dist/sdk-iam.js), loaded on first use. */
  iam(): IamGateway;
  fixes: FixDocuments;
  /** Makes another profile (or none) the active one after a rename or a delete, quietly: terminals follow, nothing is asked. */
  activeRenamed(name: string | undefined): Promise<void>;
}

/** The two files as sentences name them (`~/.aws/config`). */
export function fileNames(deps: SetupDeps): FileNames {
  const { paths } = deps.catalog.snapshot;
  return { config: displayPath(paths.config, deps.catalog.home), credentials: displayPath(paths.credentials, deps.catalog.home) };
}

/**
 * Writes a change of the profiles through the one writer (editAwsFiles: read now, planned and
 * checked with the engine, each file replaced atomically, both or neither), then reads the files
 * again. A file open in an editor with unsaved changes is not written: saving it later would undo
 * the edit, or the edit would be lost.
 */
export function writeChange(deps: SetupDeps, change: ProfileChange): Promise<PlannedEdit> {
  return writeEdit(deps, (before, options) => planProfileEdit(before, change, options));
}

/** Writes an edit planned on the files as they are now (`plan`, pure and checked) through the one writer, as writeChange does. */
export async function writeEdit(deps: SetupDeps, plan: (before: AwsFilesBytes, options: PlanOptions) => PlannedEdit): Promise<PlannedEdit> {
  const { paths } = await deps.catalog.ready();
  const names = fileNames(deps);
  for (const file of ['config', 'credentials'] as const) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === paths[file] && d.isDirty);
    if (open) throw new UserError(vscode.l10n.t('{0} has unsaved changes in an editor: save or revert them first. Nothing was written.', names[file]), 'edit.dirty');
  }
  const edit = await editAwsFiles(paths, (before) => plan(before, { names, platform: process.platform }));
  await deps.catalog.reload();
  return edit;
}

/** "~/.aws/config and ~/.aws/credentials", or the one file an edit changed. */
export function changedFilesText(deps: SetupDeps, edit: PlannedEdit): string {
  const names = fileNames(deps);
  return edit.changed.map((f) => names[f]).join(vscode.l10n.t(' and '));
}
