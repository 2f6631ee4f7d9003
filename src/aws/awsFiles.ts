import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Which two files the AWS CLI reads, and why: a setting, an environment variable or the default. */
export interface AwsFilePaths {
  config: string;
  credentials: string;
  configFrom: 'setting' | 'AWS_CONFIG_FILE' | 'default';
  credentialsFrom: 'setting' | 'AWS_SHARED_CREDENTIALS_FILE' | 'default';
}

/** The bytes of a file, null when it does not exist, or why it cannot be read. */
export type FileRead = { bytes: Uint8Array | null; error?: undefined } | { bytes: null; error: string };

/**
 * Python's `os.path.expandvars` then `expanduser`, as botocore applies them to AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE: `$VAR` and `${VAR}` are replaced where VAR is set, a leading `~` is
 * the home folder.
 */
export function expandPath(path: string, env: Record<string, string | undefined>, home: string): string {
  const expanded = path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const value = env[key];
    return value === undefined ? whole : value;
  });
  if (expanded === '~' || expanded.startsWith('~/') || (process.platform === 'win32' && expanded.startsWith('~\\'))) {
    return join(env.HOME || home, expanded.slice(2));
  }
  return expanded;
}

/** The files to read: the settings win, then the AWS environment variables, then ~/.aws. */
export function awsFilePaths(
  settings: { configFile?: string; credentialsFile?: string },
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): AwsFilePaths {
  const pick = <F extends string>(setting: string | undefined, variable: F, fallback: string): [string, 'setting' | F | 'default'] => {
    if (setting && setting.trim() !== '') return [expandPath(setting.trim(), env, home), 'setting'];
    const fromEnv = env[variable];
    if (fromEnv) return [expandPath(fromEnv, env, home), variable];
    return [join(env.HOME || home, '.aws', fallback), 'default'];
  };
  const [config, configFrom] = pick(settings.configFile, 'AWS_CONFIG_FILE', 'config');
  const [credentials, credentialsFrom] = pick(settings.credentialsFile, 'AWS_SHARED_CREDENTIALS_FILE', 'credentials');
  return { config, credentials, configFrom, credentialsFrom };
}

/** Reads a file's bytes: a missing file is normal (null); anything else says why it cannot be read. */
export async function readAwsFile(path: string): Promise<FileRead> {
  try {
    return { bytes: await readFile(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { bytes: null };
    if (code === 'EACCES' || code === 'EPERM') return { bytes: null, error: `${path} cannot be read: permission denied. Check its owner and mode (chmod 600).` };
    if (code === 'EISDIR') return { bytes: null, error: `${path} is a folder, not a file.` };
    return { bytes: null, error: `${path} cannot be read: ${(e as Error).message}` };
  }
}
