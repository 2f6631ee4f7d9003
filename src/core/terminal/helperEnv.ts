import { ENDPOINT_VARIABLE, TERMINAL_VARIABLE } from './helperProtocol';
import type { EnvironmentChange } from './envExport';

/** What a terminal served through the helper is given. */
export interface HelperTerminal {
  /** The copy of the config file (configOverlay) for the terminal's profile. */
  configFile: string;
  /** The marker profile of that copy: AWS_PROFILE. */
  marker: string;
  /** The window's endpoint: a socket or named pipe path. */
  endpoint: string;
  /** The credentials file, when a setting names one (else the terminal reads what it always read). */
  credentialsFile?: string;
  /** For a terminal of the extension's own: its id. */
  terminal?: string;
}

/**
 * Variables such a terminal must not inherit: keys in the environment win over AWS_PROFILE in
 * botocore (the AWS CLI, boto3), and web identity variables win over a `credential_process` in every
 * client. Cleared by an empty value where the collection cannot remove them (every client reads
 * empty as unset).
 */
export const HELPER_CLEARED_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
] as const;

/**
 * The variables of a terminal that acts as a profile through the helper: AWS_CONFIG_FILE is the copy,
 * AWS_PROFILE its marker. No region and no keys: the marker carries the profile's region and
 * settings, so `aws --profile X` and `AWS_PROFILE=X` keep X's own. AWS_DEFAULT_PROFILE (read before
 * AWS_PROFILE by the AWS CLI v1) is removed, or, by the collection, replaced with the marker.
 */
export function helperEnvironment(t: HelperTerminal): EnvironmentChange {
  const set: Record<string, string> = { AWS_CONFIG_FILE: t.configFile, AWS_PROFILE: t.marker, [ENDPOINT_VARIABLE]: t.endpoint };
  if (t.credentialsFile !== undefined) set.AWS_SHARED_CREDENTIALS_FILE = t.credentialsFile;
  if (t.terminal !== undefined) set[TERMINAL_VARIABLE] = t.terminal;
  // The window's terminals (the collection) carry no terminal id: one inherited from a terminal of the extension's own goes.
  const unset = ['AWS_DEFAULT_PROFILE', ...HELPER_CLEARED_VARIABLES, ...(t.terminal === undefined ? [TERMINAL_VARIABLE] : [])];
  return { set, unset };
}
