import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import * as l10n from '@vscode/l10n';

/** Which two files the AWS CLI reads, and why: a setting, an environment variable or the default. */
export interface AwsFilePaths {
  config: string;
  credentials: string;
  configFrom: 'setting' | 'AWS_CONFIG_FILE' | 'default';
  credentialsFrom: 'setting' | 'AWS_SHARED_CREDENTIALS_FILE' | 'default';
}

/** The bytes of a file, null when it does not exist, or why it cannot be read. */
export type FileRead = { bytes: Uint8Array | null; error?: undefined } | { bytes: null; error: string };

type Env = Record<string, string | undefined>;

/**
 * Python's `os.path.expandvars` then `expanduser`, as botocore applies them to AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE. Elsewhere than Windows (posixpath): `$VAR` and `${VAR}` are replaced
 * where VAR is set, a leading `~` is HOME. On Windows (ntpath): `%VAR%` too, variable names in any
 * case, nothing inside single quotes, and `~` is USERPROFILE (else HOMEDRIVE and HOMEPATH), never HOME.
 */
export function expandPath(path: string, env: Env, home: string, platform: string = process.platform): string {
  if (platform === 'win32') {
    const expanded = ntExpandVars(path, env);
    if (expanded !== '~' && !/^~[\\/]/.test(expanded)) return expanded;
    return windowsHome(env, home) + expanded.slice(1);
  }
  const expanded = path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const value = env[key];
    return value === undefined ? whole : value;
  });
  if (expanded === '~' || expanded.startsWith('~/')) return join(env.HOME || home, expanded.slice(2));
  return expanded;
}

/** Windows looks variables up whatever their case. */
function windowsVariable(env: Env, name: string): string | undefined {
  const upper = name.toUpperCase();
  for (const key of Object.keys(env)) if (key.toUpperCase() === upper) return env[key];
  return undefined;
}

/** The home folder as Python finds it on Windows (USERPROFILE, then HOMEDRIVE + HOMEPATH). */
function windowsHome(env: Env, home: string): string {
  const profile = windowsVariable(env, 'USERPROFILE');
  if (profile) return profile;
  const homePath = windowsVariable(env, 'HOMEPATH');
  return homePath ? (windowsVariable(env, 'HOMEDRIVE') ?? '') + homePath : home;
}

const NT_VARCHARS = /[A-Za-z0-9_-]/;

/** `ntpath.expandvars`: `%VAR%`, `${VAR}`, `$VAR`; `%%` and `$$` are one character; '…' is left alone. */
function ntExpandVars(path: string, env: Env): string {
  if (!path.includes('$') && !path.includes('%')) return path;
  let out = '';
  let i = 0;
  const n = path.length;
  const closing = (from: number, ch: string): number => path.indexOf(ch, from);
  while (i < n) {
    const c = path[i];
    if (c === "'") {
      const end = closing(i + 1, "'");
      if (end < 0) return out + path.slice(i);
      out += path.slice(i, end + 1);
      i = end + 1;
    } else if (c === '%') {
      if (path[i + 1] === '%') {
        out += '%';
        i += 2;
        continue;
      }
      const end = closing(i + 1, '%');
      if (end < 0) return out + path.slice(i);
      const name = path.slice(i + 1, end);
      out += windowsVariable(env, name) ?? `%${name}%`;
      i = end + 1;
    } else if (c === '$') {
      if (path[i + 1] === '$') {
        out += '$';
        i += 2;
      } else if (path[i + 1] === '{') {
        const end = closing(i + 2, '}');
        if (end < 0) return out + path.slice(i);
        const name = path.slice(i + 2, end);
        out += windowsVariable(env, name) ?? `\${${name}}`;
        i = end + 1;
      } else {
        let j = i + 1;
        while (j < n && NT_VARCHARS.test(path[j])) j++;
        const name = path.slice(i + 1, j);
        out += windowsVariable(env, name) ?? `$${name}`;
        i = j;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The home folder the AWS CLI takes `~/.aws` from: USERPROFILE on Windows (as Python's expanduser), else HOME. */
export function userHomeOf(env: Env = process.env, home: string = homedir(), platform: string = process.platform): string {
  return platform === 'win32' ? windowsHome(env, home) : env.HOME || home;
}

/** The files to read: the settings win, then the AWS environment variables, then ~/.aws. */
export function awsFilePaths(
  settings: { configFile?: string; credentialsFile?: string },
  env: Env = process.env,
  home: string = homedir(),
  platform: string = process.platform,
): AwsFilePaths {
  const userHome = userHomeOf(env, home, platform);
  const joinPath = platform === 'win32' ? win32.join : posix.join;
  const pick = <F extends string>(setting: string | undefined, variable: F, fallback: string): [string, 'setting' | F | 'default'] => {
    if (setting && setting.trim() !== '') return [expandPath(setting.trim(), env, home, platform), 'setting'];
    const fromEnv = env[variable];
    if (fromEnv) return [expandPath(fromEnv, env, home, platform), variable];
    return [joinPath(userHome, '.aws', fallback), 'default'];
  };
  const [config, configFrom] = pick(settings.configFile, 'AWS_CONFIG_FILE', 'config');
  const [credentials, credentialsFrom] = pick(settings.credentialsFile, 'AWS_SHARED_CREDENTIALS_FILE', 'credentials');
  return { config, credentials, configFrom, credentialsFrom };
}

/** Larger than any real AWS file by far: a bigger one is a mistake, not profiles (the 5,000-profile sample is 0.8 MB). */
export const MAX_AWS_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a file's bytes: a missing file is normal (null); anything else says why it cannot be read.
 * Only a regular file of at most MAX_AWS_FILE_BYTES is read: a FIFO or a device named by a setting
 * would block the read (and every reload after it), a huge file would fill the extension host.
 */
export async function readAwsFile(path: string, maxBytes = MAX_AWS_FILE_BYTES): Promise<FileRead> {
  try {
    const info = await stat(path);
    // A folder goes on to readFile, whose EISDIR says so below.
    if (!info.isFile() && !info.isDirectory()) return { bytes: null, error: l10n.t('{0} is not a regular file (a pipe, socket or device), so it is not read. Point the setting or variable at the file itself.', path) };
    if (info.size > maxBytes) {
      return { bytes: null, error: l10n.t('{0} is {1} MB, more than the {2} MB an AWS file can reasonably be, so it is not read. Check that it is the right file.', path, (info.size / (1024 * 1024)).toFixed(1), maxBytes / (1024 * 1024)) };
    }
    return { bytes: await readFile(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { bytes: null };
    if (code === 'EACCES' || code === 'EPERM') return { bytes: null, error: l10n.t('{0} cannot be read: permission denied. Check its owner and mode (chmod 600).', path) };
    if (code === 'EISDIR') return { bytes: null, error: l10n.t('{0} is a folder, not a file.', path) };
    return { bytes: null, error: l10n.t('{0} cannot be read: {1}', path, (e as Error).message) };
  }
}
