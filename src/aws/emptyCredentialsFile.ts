import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file's name in the extension's global storage folder. */
export const EMPTY_CREDENTIALS_FILE_NAME = 'endpoint-mode-credentials';

/**
 * All the file ever holds: comments, which every client reads as a file without profiles. A regular
 * file rather than /dev/null, which Windows does not have (botocore, the SDKs for JavaScript, Go and
 * Java read both the same way: no profiles).
 */
export const EMPTY_CREDENTIALS_TEXT = `# AWS Profiles: intentionally empty, and read-only.
# Terminals in endpoint mode read this file instead of ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE),
# so that keys under [default] there do not win over the credential endpoint.
# Never put keys here. See "Terminals" in the README of AWS Profiles.
`;

/** Where endpoint-mode terminals find "no credentials file", or why they cannot. */
export type EmptyCredentialsFile = { path: string } | { problem: string };

/**
 * Makes sure `<dir>/endpoint-mode-credentials` exists, read-only, with EMPTY_CREDENTIALS_TEXT. A
 * file with anything else in it (`aws configure` run as root in such a terminal writes there) is
 * left alone, never overwritten: the caller falls back to environment mode and says why.
 */
export async function ensureEmptyCredentialsFile(dir: string): Promise<EmptyCredentialsFile> {
  const path = join(dir, EMPTY_CREDENTIALS_FILE_NAME);
  try {
    const text = await readFile(path, 'utf8');
    if (text === EMPTY_CREDENTIALS_TEXT) return { path };
    return { problem: `${path} is no longer empty (did "aws configure" write to it?). Move what it holds to ~/.aws/credentials and delete it.` };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { problem: `${path} cannot be read: ${(e as Error).message}` };
  }
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // 'wx': never replace a file that appeared in the meantime; read-only, so that `aws configure` fails there instead of writing keys.
    await writeFile(path, EMPTY_CREDENTIALS_TEXT, { flag: 'wx', mode: 0o444 });
    await chmod(path, 0o444);
    return { path };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return ensureEmptyCredentialsFile(dir);
    return { problem: `${path} cannot be written: ${(e as Error).message}` };
  }
}
