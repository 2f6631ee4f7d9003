import type { AwsCredentials } from '../credentials/credentials';
import * as l10n from '@vscode/l10n';

/** The variables a profile's credentials and region are exported as, in the order they are written. */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
] as const;

/** Variables that make SDKs and the AWS CLI pick a profile from the files instead of the keys. */
export const PROFILE_VARIABLES = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'] as const;

/** Which variables to set, and which to remove, so that a process acts as one profile. */
export interface EnvironmentChange {
  set: Record<string, string>;
  /** Removed where the shell can remove them (exports, terminals we create); see terminalCollection. */
  unset: string[];
}

/**
 * The variables for a set of credentials and a region (undefined: leave the inherited region alone).
 * Always unsets AWS_PROFILE and AWS_DEFAULT_PROFILE (the AWS SDK for JavaScript ignores keys in the
 * environment while AWS_PROFILE is set), and the session token / expiry of long-term keys.
 */
export function environmentFor(credentials: AwsCredentials, region: string | undefined): EnvironmentChange {
  const set: Record<string, string> = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  const unset: string[] = [...PROFILE_VARIABLES];
  if (credentials.sessionToken) set.AWS_SESSION_TOKEN = credentials.sessionToken;
  else unset.push('AWS_SESSION_TOKEN');
  if (credentials.expiration !== undefined) set.AWS_CREDENTIAL_EXPIRATION = isoSeconds(credentials.expiration);
  else unset.push('AWS_CREDENTIAL_EXPIRATION');
  if (region) {
    set.AWS_REGION = region;
    set.AWS_DEFAULT_REGION = region;
  }
  return { set, unset };
}

/**
 * What the window's terminal environment collection should hold. A collection can replace, append
 * and prepend, never remove, so each variable to unset that the inherited environment really has is
 * handled by replacing it: AWS_PROFILE / AWS_DEFAULT_PROFILE with the selected profile's own name
 * (the AWS CLI and botocore then find the profile and still prefer the keys; the AWS SDK for
 * JavaScript resolves that same profile itself), the session token and expiry with an empty value
 * (both CLI and SDKs treat an empty token as none). An empty AWS_PROFILE would make the AWS CLI
 * fail with "The config profile () could not be found".
 */
export function terminalCollection(
  change: EnvironmentChange,
  profile: string,
  inherited: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = { ...change.set };
  for (const name of change.unset) {
    if (inherited[name] === undefined) continue;
    out[name] = (PROFILE_VARIABLES as readonly string[]).includes(name) ? profile : '';
  }
  return out;
}

/**
 * A complete environment for a terminal of its own (strictEnv): the base environment without the
 * variables to unset and the extension host's own plumbing, plus the profile's variables.
 */
export function strictEnvironment(change: EnvironmentChange, base: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined || change.unset.includes(k) || HOST_PLUMBING.test(k)) continue;
    out[k] = v;
  }
  return Object.assign(out, change.set);
}

/** Where the two files come from, as file discovery (src/aws/files/awsFiles.ts) says. */
export interface FileSources {
  config: string;
  credentials: string;
  configFrom: string;
  credentialsFrom: string;
}

/**
 * The files a terminal must be pointed at so that it reads what the Profiles view shows: those a
 * setting names (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). Files found through those variables
 * or at ~/.aws are what a terminal reads anyway.
 */
export function filesNamedBySettings(files: FileSources): Record<string, string> {
  const out: Record<string, string> = {};
  if (files.configFrom === 'setting') out.AWS_CONFIG_FILE = files.config;
  if (files.credentialsFrom === 'setting') out.AWS_SHARED_CREDENTIALS_FILE = files.credentials;
  return out;
}

/** Variables the editor sets for its own extension host process, which a shell must not inherit. */
const HOST_PLUMBING = /^(VSCODE_|ELECTRON_RUN_AS_NODE$|APPLICATION_INSIGHTS_)/;

/** ISO 8601 in UTC without milliseconds, as the AWS CLI writes AWS_CREDENTIAL_EXPIRATION. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The shells "Copy Environment Exports…" writes for. */
export type ShellKind = 'posix' | 'powershell' | 'fish' | 'cmd';

/** Labels of the shells, for the picker (built when read, so that they are in the display language). */
export const SHELL_LABELS = (): Record<ShellKind, string> => ({
  posix: l10n.t('bash / zsh / sh (export)'),
  powershell: 'PowerShell ($Env:)',
  fish: l10n.t('fish (set -gx)'),
  cmd: l10n.t('Command Prompt (set)'),
});

/** The user's likely shell from a shell path such as VS Code's `env.shell`. */
export function shellKindOf(shellPath: string | undefined): ShellKind {
  const base = (shellPath ?? '').split(/[\\/]/).pop()!.toLowerCase();
  if (/^(pwsh|powershell)(\.exe)?$/.test(base)) return 'powershell';
  if (/^fish(\.exe)?$/.test(base)) return 'fish';
  if (base === 'cmd.exe' || base === 'cmd') return 'cmd';
  return 'posix';
}

/** The lines that apply an environment change in a shell, unsets first. */
export function formatExports(change: EnvironmentChange, shell: ShellKind): string {
  const lines: string[] = [];
  for (const name of change.unset) lines.push(UNSET[shell](name));
  for (const name of CREDENTIAL_VARIABLES) {
    const value = change.set[name];
    if (value !== undefined) lines.push(SET[shell](name, value));
  }
  for (const [name, value] of Object.entries(change.set)) {
    if (!(CREDENTIAL_VARIABLES as readonly string[]).includes(name)) lines.push(SET[shell](name, value));
  }
  return lines.join(shell === 'cmd' ? '\r\n' : '\n') + (shell === 'cmd' ? '\r\n' : '\n');
}

const posixQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const SET: Record<ShellKind, (name: string, value: string) => string> = {
  posix: (n, v) => `export ${n}=${posixQuote(v)}`,
  powershell: (n, v) => `$Env:${n} = '${v.replace(/'/g, "''")}'`,
  fish: (n, v) => `set -gx ${n} '${v.replace(/[\\']/g, (c) => `\\${c}`)}'`,
  // cmd has no quoting inside a value; `set "NAME=value"` keeps trailing spaces and & | < > literal.
  cmd: (n, v) => `set "${n}=${v}"`,
};
const UNSET: Record<ShellKind, (name: string) => string> = {
  posix: (n) => `unset ${n}`,
  // l10n-ignore: a shell command
  powershell: (n) => `Remove-Item Env:${n} -ErrorAction SilentlyContinue`,
  fish: (n) => `set -e ${n}`,
  cmd: (n) => `set ${n}=`,
};
