import * as vscode from 'vscode';
import { envFileVariableNames } from '../core/terminal/debugLaunch';

/** The files projects choose their AWS profile in, at the top of a workspace folder (dotenv, direnv). */
const DOTENV_FILES = ['.env', '.envrc'];

/** Variables that, set in such a file, choose the profile a program acts as. */
const PROFILE_VARIABLES = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

/**
 * The `.env` / `.envrc` files of the workspace's folders that name an AWS profile (as paths relative
 * to the workspace, for a sentence). dotenv and most frameworks built on it never override a
 * variable that is already set, so in a terminal the extension gives `AWS_PROFILE`, such a file no
 * longer decides (direnv's `export` does: it is listed all the same, for the user to judge).
 */
export async function dotenvProfileFiles(folders: readonly vscode.WorkspaceFolder[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    for (const name of DOTENV_FILES) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      if (envFileVariableNames(text).some((v) => PROFILE_VARIABLES.includes(v))) found.push(vscode.workspace.asRelativePath(uri, folders.length > 1));
    }
  }
  return found;
}
