import * as l10n from '@vscode/l10n';
/**
 * Debug sessions that act as a profile: which profile a launch configuration gets, if any. The
 * variables themselves are those a terminal of the same profile gets (src/terminals).
 */

/** workspaceState key of the profiles (other than the active one) the user allowed this workspace's launch configurations to act as. */
export const ALLOWED_PROFILES_KEY = 'awsProfiles.debugAllowedProfiles.v1';

/** The launch configuration property that picks a profile (a name) or opts out (false). */
export const AWS_PROFILE_PROPERTY = 'awsProfile';

/**
 * Variables that mean a launch configuration brings its own AWS set-up: every variable an AWS SDK or
 * CLI reads to choose credentials or the files it reads them from (keys, a profile, the config and
 * credentials files, a container, web identity or login source). Such a configuration (a test
 * pointed at fixture files or a local emulator) is left alone unless it names `awsProfile`.
 */
export const OWN_CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_SDK_LOAD_CONFIG',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_LOGIN_CACHE_DIRECTORY',
] as const;

/**
 * Debug types whose program is not a process reading AWS variables (a browser), or is another VS Code
 * (an extension's development host, which would inherit this window's terminal variables): they get
 * the active profile only when a configuration names it with `awsProfile`.
 */
export const NO_AUTOMATIC_PROFILE_TYPES: readonly string[] = ['extensionHost', 'pwa-extensionHost', 'chrome', 'pwa-chrome', 'msedge', 'pwa-msedge', 'edge', 'firefox'];

/** The parts of a launch configuration that decide. */
export interface LaunchConfiguration {
  name?: unknown;
  type?: unknown;
  [AWS_PROFILE_PROPERTY]?: unknown;
  env?: unknown;
}

/** What else decides: the setting, the active profile, the profiles in the files, the variables an `envFile` sets. */
export interface DebugContext {
  /** `awsProfiles.debug.injectCredentials`: whether configurations without `awsProfile` get the active profile. */
  enabled: boolean;
  active: string | undefined;
  hasProfile(name: string): boolean;
  /** Names of the variables the configuration's `envFile` sets (empty when it has none). */
  envFileVariables: readonly string[];
  /** Whether the workspace is trusted: in Restricted Mode a launch configuration picks no profile but the active one. */
  trusted: boolean;
  /** Whether the user allowed this workspace's launch configurations to act as a profile (other than the active one). */
  allowed(profile: string): boolean;
}

/** What to do with a launch configuration. */
export type DebugDecision =
  /** Give the session the profile's variables; `explicit` when `awsProfile` named it. */
  | { readonly kind: 'inject'; readonly profile: string; readonly explicit: boolean }
  /** `awsProfile` names a profile other than the active one the user has not allowed for this workspace: ask first. */
  | { readonly kind: 'ask'; readonly profile: string; readonly question: string }
  /** Leave it alone; `reason` completes "AWS Profiles adds no credentials: …" (the log, at most the debug console). */
  | { readonly kind: 'leave'; readonly reason: string; readonly optedOut: boolean }
  /** Do not start the session: `awsProfile` is wrong; `message` says how to fix it. */
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Decides which profile a launch configuration gets. `"awsProfile": "NAME"` gets NAME (even with the
 * setting off: it was asked for) once the user allowed this workspace to act as it, unless it is the
 * active profile (never in Restricted Mode); `"awsProfile": false` nothing; without the property the
 * active profile, unless the setting is off, no profile is active, the debug type is a browser or
 * another VS Code, or the configuration brings its own AWS set-up (in `env` or its `envFile`).
 */
export function debugDecision(config: LaunchConfiguration, context: DebugContext): DebugDecision {
  const name = typeof config.name === 'string' && config.name !== '' ? config.name : 'without a name';
  const asked = config[AWS_PROFILE_PROPERTY];
  if (asked === false) return { kind: 'leave', reason: l10n.t('launch configuration "{0}" says "{1}": false.', name, AWS_PROFILE_PROPERTY), optedOut: true };
  if (typeof asked === 'string' && asked.trim() !== '') {
    const profile = asked.trim();
    if (context.hasProfile(profile)) {
      if (profile === context.active || context.allowed(profile)) return { kind: 'inject', profile, explicit: true };
      if (!context.trusted) return { kind: 'leave', reason: l10n.t('launch configuration "{0}" names profile "{1}", and a workspace in Restricted Mode picks no profile but the active one.', name, profile), optedOut: false };
      return { kind: 'ask', profile, question: l10n.t('Launch configuration "{0}" of this workspace asks to act as AWS profile "{1}": the program it starts gets that profile\'s credentials. Allow this workspace\'s launch configurations to act as "{2}"?', name, profile, profile) };
    }
    return {
      kind: 'invalid',
      message: l10n.t('Launch configuration "{0}": "{1}": "{2}" is not a profile in the AWS config or credentials file. Use a name from the AWS Profiles view, or remove "{3}" to use the active profile.', name, AWS_PROFILE_PROPERTY, profile, AWS_PROFILE_PROPERTY),
    };
  }
  if (asked !== undefined && asked !== null) {
    return {
      kind: 'invalid',
      message: l10n.t('Launch configuration "{0}": "{1}" must be a profile name, or false for no AWS credentials from AWS Profiles, not {2}.', name, AWS_PROFILE_PROPERTY, JSON.stringify(asked)),
    };
  }
  if (!context.enabled) return { kind: 'leave', reason: l10n.t('awsProfiles.debug.injectCredentials is off (name a profile with "awsProfile" to get one).'), optedOut: false };
  if (typeof config.type === 'string' && NO_AUTOMATIC_PROFILE_TYPES.includes(config.type)) {
    return { kind: 'leave', reason: l10n.t('a "{0}" session gets the active profile only when its configuration names it with "{1}".', config.type, AWS_PROFILE_PROPERTY), optedOut: false };
  }
  const own = ownCredentialVariables(config.env, context.envFileVariables);
  if (own.length > 0) return { kind: 'leave', reason: l10n.t('launch configuration "{0}" sets {1} itself.', name, own.join(', ')), optedOut: false };
  if (context.active === undefined) return { kind: 'leave', reason: l10n.t('no profile is active.'), optedOut: false };
  return { kind: 'inject', profile: context.active, explicit: false };
}

/** The credential variables a configuration's `env` (an object) and `envFile` set, in the order listed. */
function ownCredentialVariables(env: unknown, fromFile: readonly string[]): string[] {
  const inEnv = env !== null && typeof env === 'object' ? Object.entries(env as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k]) => k) : [];
  const set = new Set([...inEnv, ...fromFile]);
  return OWN_CREDENTIAL_VARIABLES.filter((v) => set.has(v));
}

/** The variable names an env file sets (`NAME=value` lines, `export ` allowed, `#` comments), as js-debug and debugpy read them. */
export function envFileVariableNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/.exec(line);
    if (match) names.push(match[1]);
  }
  return names;
}

/**
 * The launch configuration's `env` with the profile's variables: `values` as terminals get them (an
 * empty value clears an inherited variable). Credential and file variables are the profile's (a
 * configuration setting its own is given a profile only when it names one); any other variable the
 * configuration sets itself (`AWS_REGION`, …) is kept as it wrote it.
 */
export function withProfileVariables(env: unknown, values: Readonly<Record<string, string>>): Record<string, unknown> {
  const own = env !== null && typeof env === 'object' && !Array.isArray(env) ? (env as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...own };
  for (const [name, value] of Object.entries(values)) {
    if (!(name in own) || (OWN_CREDENTIAL_VARIABLES as readonly string[]).includes(name) || name.startsWith('AWS_PROFILES_')) merged[name] = value;
  }
  return merged;
}

/**
 * Where the cursor is, given its line's text before it, when it is at the value of `"awsProfile"` in
 * launch.json: the part of the name typed so far and whether it is inside quotes. Undefined elsewhere.
 */
export function awsProfileValueAt(lineBefore: string): { prefix: string; quoted: boolean } | undefined {
  const match = /"awsProfile"\s*:\s*(")?([^"]*)$/.exec(lineBefore);
  if (!match) return undefined;
  const quoted = match[1] !== undefined;
  if (!quoted && match[2].trim() !== '') return undefined;
  return { prefix: quoted ? match[2] : '', quoted };
}
