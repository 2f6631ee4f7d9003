/**
 * The contract between a terminal's AWS clients and the VS Code window that serves it: the
 * `credential_process` helper shipped with the extension, the variables that tell it which window to
 * ask, and the request it sends. Shared by the extension, its endpoint and the helper program.
 */

/** The window's endpoint (a Unix socket or a Windows named pipe path): set in every terminal the extension serves. */
export const ENDPOINT_VARIABLE = 'AWS_PROFILES_ENDPOINT';

/** Set only in the extension's own terminals ("Open Terminal with Profile…"): which of them asks. */
export const TERMINAL_VARIABLE = 'AWS_PROFILES_TERMINAL';

/**
 * Set by the helper's quick start (credentialHelper.pl) when it hands an answer over to the Node helper
 * to be worded: the answer's HTTP status, `timeout` (none in time) or `broken` (the connection failed,
 * its reason in the body variable); and the answer's body.
 */
export const HANDED_ANSWER_VARIABLE = 'AWS_PROFILES_HELPER_ANSWER';
export const HANDED_BODY_VARIABLE = 'AWS_PROFILES_HELPER_BODY';

/** The one path the endpoint serves. */
export const CREDENTIALS_PATH = '/v1/credentials';

/**
 * Why the helper asks: `active`, from the marker profile of the window's active profile (or of a
 * terminal of its own): the profile's credentials; `profile`, from a role profile of the copied
 * config file that the extension assumes itself (`aws --profile X` in `extension` mode); `keys`, for
 * a profile whose keys are in the config file, which the copy does not hold: those keys.
 */
export type HelperVia = 'active' | 'profile' | 'keys';

const VIAS: readonly string[] = ['active', 'profile', 'keys'];

/** A helper's request, as the endpoint reads it. */
export interface HelperRequest {
  profile: string;
  via: HelperVia;
  /** The asking terminal's TERMINAL_VARIABLE, if it has one. */
  terminal?: string;
}

/** The request's path and query. */
export function helperRequestPath(request: HelperRequest): string {
  const query = new URLSearchParams({ profile: request.profile, via: request.via });
  if (request.terminal) query.set('terminal', request.terminal);
  return `${CREDENTIALS_PATH}?${query.toString()}`;
}

/** The request a path and query stand for, or undefined when it is not one. */
export function parseHelperRequest(pathAndQuery: string): HelperRequest | undefined {
  const q = pathAndQuery.indexOf('?');
  if ((q < 0 ? pathAndQuery : pathAndQuery.slice(0, q)) !== CREDENTIALS_PATH || q < 0) return undefined;
  const query = new URLSearchParams(pathAndQuery.slice(q + 1));
  const profile = query.get('profile');
  const via = query.get('via');
  if (profile === null || via === null || !VIAS.includes(via)) return undefined;
  const terminal = query.get('terminal') ?? undefined;
  return terminal ? { profile, via: via as HelperVia, terminal } : { profile, via: via as HelperVia };
}

/** The helper's arguments after the script: `<via> <profile>`. */
export function helperArgs(via: HelperVia, profile: string): string[] {
  return [via, profile];
}

/**
 * A command line as `credential_process` needs it. botocore splits it with shlex (POSIX rules, or
 * its own Windows rules on Windows), the SDKs for JavaScript and Go hand it to `sh -c` or `cmd /c`:
 * POSIX single quotes (and Windows double quotes) read the same in all of them.
 */
export function commandLine(argv: string[], platform: string): string {
  return argv.map((a) => (platform === 'win32' ? windowsQuote(a) : posixQuote(a))).join(' ');
}

function posixQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function windowsQuote(arg: string): string {
  return needsNoWindowsQuotes(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
}

/** Whether a Windows argument is written without quotes in a command line (see commandLine); `~` too, for 8.3 short names. */
export function needsNoWindowsQuotes(arg: string): boolean {
  return /^[A-Za-z0-9_@+:,.~/\\-]+$/.test(arg);
}

/**
 * The helper's `.cmd` as a `credential_process` can name it on Windows: without quotes. The AWS SDK
 * for Go v2 (Terraform, eksctl) runs the line with `cmd.exe /C` and Go's own escaping, and older .NET
 * SDKs strip the quotes, so a quoted path (a user name with a space or a non-ASCII letter, the
 * "Code - Insiders" folder) breaks them: its 8.3 short name where Windows gives one, else undefined
 * (the caller then gives terminals keys in the environment and says why).
 */
export function unquotedWindowsPath(path: string, shortName: string | undefined): string | undefined {
  if (needsNoWindowsQuotes(path)) return path;
  return shortName !== undefined && needsNoWindowsQuotes(shortName) ? shortName : undefined;
}
