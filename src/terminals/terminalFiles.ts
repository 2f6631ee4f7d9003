import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../base/atomicFile';
import { COPY_SUFFIX } from '../core/terminal/copyHeader';
import { unquotedWindowsPath } from '../core/terminal/helperProtocol';
import * as l10n from '@vscode/l10n';

/**
 * The files behind the extension's terminals, outside ~/.aws: the copies of the config file
 * (configOverlay), the installed credential helper, and the folder of the window's endpoint socket.
 */

/** Unix socket paths are limited to about 100 bytes (104 on macOS, 108 on Linux). */
const MAX_SOCKET_PATH = 100;

/**
 * A folder that only this user can enter: created with mode 0700, or checked to be one (a real
 * folder, not a link, owned by this user, closed to others). Anything else is refused: in a shared
 * /tmp, someone else could have made it first.
 */
export async function privateDirectory(path: string): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return path;
  const st = await lstat(path);
  if (!st.isDirectory() || st.isSymbolicLink()) throw new Error(l10n.t('{0} is not a folder.', path));
  if (process.getuid && st.uid !== process.getuid()) throw new Error(l10n.t('{0} belongs to another user.', path));
  if ((st.mode & 0o077) !== 0) await chmod(path, 0o700);
  return path;
}

/**
 * Where a window's endpoint listens: `$XDG_RUNTIME_DIR/aws-profiles/<key>.sock` (a per-user folder
 * the system cleans up), else `<tmp>/aws-profiles-<uid>/<key>.sock`; a named pipe on Windows.
 */
export async function endpointPath(key: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  if (process.platform === 'win32') return `\\\\.\\pipe\\aws-profiles-${key}`;
  const candidates = [
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'aws-profiles')] : []),
    join(tmpdir(), `aws-profiles-${process.getuid?.() ?? 'user'}`),
    join('/tmp', `aws-profiles-${process.getuid?.() ?? 'user'}`),
  ];
  let lastError: unknown;
  for (const dir of candidates) {
    const path = join(dir, `${key}.sock`);
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH) continue;
    try {
      await privateDirectory(dir);
      return path;
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(l10n.t('No private folder for the credential endpoint\'s socket: {0}', lastError instanceof Error ? lastError.message : 'every path is too long'));
}

/** Writes a file atomically and read-only (0444): a reader sees the old copy or the new one, never half of one. */
export function writeReadOnly(path: string, bytes: Uint8Array): Promise<void> {
  return writeFileAtomic(path, bytes, { mode: 0o444 });
}

/** The bytes of a file, or undefined when it cannot be read. */
export async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

/**
 * The copy of the config file for a profile's terminals: one per source file and profile (windows
 * acting as the same profile share it, and write the same bytes), named so that AWS_CONFIG_FILE, or
 * the AWS CLI's "Permission denied" when `aws configure` tries to write there, says what it is.
 */
export function overlayPath(folder: string, sourceConfig: string, profile: string): string {
  const readable = profile.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 40) || 'profile';
  const digest = createHash('sha256').update(`${sourceConfig}\0${profile}`).digest('hex').slice(0, 8);
  return join(folder, `${readable}-${digest}${COPY_SUFFIX}`);
}

/** The copies in a folder, with their bytes and when each was last written (those that vanish meanwhile are left out). */
export async function copiesIn(folder: string): Promise<{ path: string; bytes: Uint8Array; writtenAt: number }[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found = await Promise.all(
    names
      .filter((name) => name.endsWith(COPY_SUFFIX))
      .map(async (name) => {
        const path = join(folder, name);
        try {
          const [bytes, st] = await Promise.all([readFile(path), stat(path)]);
          return { path, bytes: new Uint8Array(bytes), writtenAt: st.mtimeMs };
        } catch {
          return undefined;
        }
      }),
  );
  return found.filter((c) => c !== undefined);
}

/** Deletes a copy (it is gone already: fine). */
export async function removeCopy(path: string): Promise<void> {
  await unlink(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

/** What runs the helper: this process's own runtime (Node, or Electron as Node), never a `node` on PATH. */
export interface HelperRuntime {
  execPath: string;
  /** VS Code desktop runs extensions in Electron, which runs as Node only with ELECTRON_RUN_AS_NODE=1. */
  electron: boolean;
  platform: string;
  /**
   * The Perl for the helper's quick start (credentialHelper.pl), tried once at installation: by default
   * `/usr/bin/perl` outside Windows (Debian and macOS have it); null for the Node helper alone.
   */
  perl?: string | null;
  /** Windows: the 8.3 short name of a path (tests); cmd.exe's `%~s` otherwise. */
  shortName?: (path: string) => Promise<string | undefined>;
}

/** The 8.3 short name Windows gives a path (cmd.exe's `%~sI`), or undefined when it gives none or cmd.exe fails. */
function windowsShortName(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('cmd.exe', ['/d', '/s', '/c', `"for %I in ("${path}") do @echo %~sI"`], { windowsVerbatimArguments: true, timeout: 10_000 }, (error, stdout) => {
      const short = String(stdout).trim();
      resolve(error || short === '' || short.includes('"') ? undefined : short);
    });
  });
}

/**
 * Installs the helper from the extension's bundle into `<folder>/credential-helper.js` (a path that
 * outlives updates of the extension), and returns the command that runs it, without arguments. On
 * Windows a `.cmd` next to it sets the environment; elsewhere `/usr/bin/env` does: ELECTRON_RUN_AS_NODE
 * where the runtime is Electron, and no NODE_OPTIONS of the user's (a `--require` there would run first).
 * Where Perl runs the quick start (`credential-helper.pl`, from `credentialHelper.pl` next to the
 * bundle), the command starts it, with the Node command after it for everything it hands over: each
 * AWS call in a terminal then starts Perl (a few milliseconds) instead of Node (tens). No PERL5OPT,
 * PERL5LIB or PERLLIB of the user's either: they load code before the script's own.
 */
export async function installHelper(folder: string, bundled: string, runtime: HelperRuntime): Promise<string[]> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const script = join(folder, 'credential-helper.js');
  await installFile(bundled, script);
  if (runtime.platform === 'win32') {
    const cmd = join(folder, 'credential-helper.cmd');
    // l10n-ignore: the .cmd's own text
    const text = `@echo off\r\nset NODE_OPTIONS=\r\n${runtime.electron ? 'set ELECTRON_RUN_AS_NODE=1\r\n' : ''}"${runtime.execPath}" "${script}" %*\r\n`;
    await writeFileAtomic(cmd, text, { mode: 0o644 });
    const unquoted = unquotedWindowsPath(cmd, await (runtime.shortName ?? windowsShortName)(cmd));
    if (unquoted === undefined) {
      throw new Error(
        l10n.t('the helper\'s path {0} would need quotes in a credential_process, which Terraform and other tools built on the AWS SDK for Go cannot run, and Windows gives it no short (8.3) name; turn on short names for the drive (fsutil 8dot3name) to have terminals that never expire', cmd),
      );
    }
    return [unquoted];
  }
  const env = ['/usr/bin/env', '-u', 'NODE_OPTIONS', ...(runtime.electron ? ['ELECTRON_RUN_AS_NODE=1'] : [])];
  const perl = runtime.perl === undefined ? '/usr/bin/perl' : runtime.perl;
  const quick = join(folder, 'credential-helper.pl');
  if (perl !== null && (await installFile(join(dirname(bundled), 'credentialHelper.pl'), quick).then(() => perlRuns(perl, quick), () => false))) {
    return [...env, ...PERL_CLEARED.flatMap((v) => ['-u', v]), perl, quick, runtime.execPath, script];
  }
  return [...env, runtime.execPath, script];
}

/** The user's Perl variables that load code before a script's own. */
const PERL_CLEARED = ['PERL5OPT', 'PERL5LIB', 'PERLLIB'];

/** Copies a file of the bundle to where terminals run it, unless it is there already. */
async function installFile(bundled: string, installed: string): Promise<void> {
  const [want, have] = await Promise.all([readFile(bundled), readIfExists(installed)]);
  if (!have || !Buffer.from(have).equals(want)) await writeFileAtomic(installed, want, { mode: 0o644 });
}

/** Whether this Perl compiles the quick start (it has the Socket module): `perl -c`, as the terminals will run it. */
function perlRuns(perl: string, script: string): Promise<boolean> {
  const env = { ...process.env };
  for (const v of PERL_CLEARED) delete env[v];
  return new Promise((resolve) => {
    execFile(perl, ['-c', script], { env, timeout: 10_000 }, (error) => resolve(error === null));
  });
}
