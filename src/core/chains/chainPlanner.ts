import { cliCacheKey, type CacheKeyArgs } from './cacheKey';
import { hasOwn, setOwn } from '../common/objects';
import type { ProfileEntry, ProfileModel } from '../config/profileMap';
import { pyInt, pyRepr } from '../config/pyText';
import { splitCommandLine } from '../config/commandLine';
import { ShlexError } from '../config/shlex';
import { imdsSettingsFailure, type SettingFailure } from './imdsSettings';
import type { AssumeRoleHop, BaseHop, ConfigValue, CredentialSourceHop, Hop, ProblemCause, ProfileErrorKind, ProfileResolution, PythonErrorName, WebIdentityHop } from '../config/types';
import * as l10n from '@vscode/l10n';

/**
 * Plans how botocore obtains credentials for each profile (`aws --profile X`), without doing it:
 * the chain of hops from the profile down to its base credentials, or the error botocore raises.
 * It follows botocore's AssumeRoleProvider and profile provider chain (botocore/credentials.py)
 * rule for rule: validation order, cycle detection with the top profile visited,
 * source profiles with static keys short-circuiting, and which file static keys are read from.
 */

/** The longest role chain planned; botocore itself fails far earlier (Python's recursion limit). */
export const MAX_ROLE_HOPS = 1000;

/** An error botocore raises while loading a profile's credentials. */
class PlanError extends Error {
  constructor(
    readonly kind: ProfileErrorKind,
    message: string,
    /** The setting that causes it, where one does. */
    readonly cause?: ProblemCause,
    /** The base hop botocore reached before failing (it fails running it). */
    readonly reached?: BaseHop,
  ) {
    super(message);
  }
}

/** Python's own message for each way botocore trips over a nested block (a dict) where it reads a string. */
// l10n-ignore-start: Python's own words, quoted
const DICT_FAILURES = {
  int: ['TypeError', "int() argument must be a string, a bytes-like object or a real number, not 'dict'"],
  lookup: ['TypeError', "unhashable type: 'dict'"],
  shlex: ['AttributeError', "'dict' object has no attribute 'read'"],
} as const satisfies Record<string, readonly [PythonErrorName, string]>;
// l10n-ignore-end

/** A setting botocore reads as one line, written as an indented block: Python fails on it. */
function blockError(profile: string, key: string, how: keyof typeof DICT_FAILURES): PlanError {
  const [name, python] = DICT_FAILURES[how];
  return new PlanError(
    name,
    l10n.t('{0} of profile "{1}" is written as an indented block, where the AWS CLI reads a single line: it fails ({2}: {3}).', key, profile, name, python),
    { profile, key, why: 'indented_block' },
  );
}

/** An instance metadata setting that makes botocore fail while it builds the profile's resolver. */
function settingError(profile: string, value: ConfigValue, failure: SettingFailure): PlanError {
  const python = `${failure.kind === 'invalid_value' ? 'ValueError' : failure.kind}: ${failure.python}`;
  if (typeof value !== 'string') {
    return new PlanError(
      failure.kind,
      l10n.t('{0} of profile "{1}" is written as an indented block, where the AWS CLI reads a single line: it fails before it looks for credentials ({2}).', failure.key, profile, python),
      { profile, key: failure.key, why: 'indented_block' },
    );
  }
  return new PlanError(
    failure.kind,
    l10n.t('{0} = {1} in profile "{2}" makes the AWS CLI fail before it looks for credentials ({3}).', failure.key, value, profile, python),
    { profile, key: failure.key, why: 'invalid_setting' },
  );
}

function isBlock(v: ConfigValue | undefined): v is Record<string, string> {
  return v !== undefined && typeof v !== 'string';
}

const CREDENTIAL_SOURCES = ['Environment', 'EcsContainer', 'Ec2InstanceMetadata'] as const;

/** Python truthiness of a config value ('' and an empty nested block are false). */
function truthy(v: ConfigValue | undefined): v is ConfigValue {
  if (v === undefined) return false;
  return typeof v === 'string' ? v !== '' : Object.keys(v).length > 0;
}

/** Renders a value as botocore's f-strings would (a nested block prints as a Python dict). */
function show(v: ConfigValue): string {
  if (typeof v === 'string') return v;
  return '{' + Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ') + '}';
}

function str(v: ConfigValue | undefined): string | null {
  return v === undefined ? null : (v as string);
}

function has(values: Record<string, ConfigValue>, key: string): boolean {
  return hasOwn(values, key);
}

function hasStatic(values: Record<string, ConfigValue>): boolean {
  return has(values, 'aws_secret_access_key') || has(values, 'aws_access_key_id');
}

function hasAssumeRole(values: Record<string, ConfigValue>): boolean {
  return has(values, 'role_arn') && !has(values, 'web_identity_token_file');
}

function partial(provider: string, missing: string): PlanError {
  return new PlanError('partial_credentials', l10n.t('Partial credentials found in {0}, missing: {1}', provider, missing));
}

function cycle(source: string, visited: string[]): PlanError {
  return new PlanError(
    'cycle',
    l10n.t('Infinite loop in credential configuration detected. Attempting to load from profile {0} which has already been visited. Visited profiles: [{1}]', source, visited.map(pyRepr).join(', ')),
  );
}

/**
 * A hop with an AWS CLI cache key, computed when first read: a SHA-1 per role is needed only when
 * that role is assumed (or compared with the CLI), not to show thousands of profiles. The key is
 * not an own field (a spread or structured clone leaves it out); JSON includes it.
 */
abstract class KeyedHop {
  #key: string | undefined;

  get cli_cache_key(): string {
    return (this.#key ??= cliCacheKey(this.cacheKeyArgs()));
  }

  protected abstract cacheKeyArgs(): CacheKeyArgs;

  toJSON(): object {
    return { ...this, cli_cache_key: this.cli_cache_key };
  }
}

/** botocore's assume-role hop of a profile with role_arn (fields as in AssumeRoleHop). */
class RoleHop extends KeyedHop implements AssumeRoleHop {
  readonly kind = 'assume_role';
  readonly role_arn: string;
  readonly source_profile: string | null;
  readonly credential_source: string | null;
  readonly external_id: string | null;
  readonly mfa_serial: string | null;
  readonly role_session_name: string | null;
  readonly duration_seconds: number | null;
  /** duration_seconds as Python reads it: an integer of any size, as a decimal string. */
  readonly #duration: string | null;

  constructor(
    readonly profile: string,
    v: Record<string, ConfigValue>,
  ) {
    super();
    this.role_arn = v.role_arn as string;
    this.source_profile = str(v.source_profile);
    this.credential_source = str(v.credential_source);
    this.external_id = str(v.external_id);
    this.mfa_serial = str(v.mfa_serial);
    this.role_session_name = str(v.role_session_name);
    this.#duration = typeof v.duration_seconds === 'string' ? pyInt(v.duration_seconds) : null;
    this.duration_seconds = this.#duration === null ? null : Number(this.#duration);
  }

  protected cacheKeyArgs(): CacheKeyArgs {
    const args: CacheKeyArgs = { RoleArn: this.role_arn };
    if (truthy(this.role_session_name ?? undefined)) args.RoleSessionName = this.role_session_name!;
    if (this.external_id !== null) args.ExternalId = this.external_id;
    if (this.mfa_serial !== null) args.SerialNumber = this.mfa_serial;
    if (this.#duration !== null) args.DurationSeconds = this.#duration;
    return args;
  }
}

/** botocore's AssumeRoleWithWebIdentity hop (fields as in WebIdentityHop). */
class WebIdentityRoleHop extends KeyedHop implements WebIdentityHop {
  readonly kind = 'web_identity';
  readonly role_arn: string;
  readonly web_identity_token_file: string;
  readonly role_session_name: string | null;

  constructor(
    readonly profile: string,
    v: Record<string, ConfigValue>,
  ) {
    super();
    this.role_arn = v.role_arn as string;
    this.web_identity_token_file = v.web_identity_token_file as string;
    this.role_session_name = str(v.role_session_name);
  }

  protected cacheKeyArgs(): CacheKeyArgs {
    const args: CacheKeyArgs = { RoleArn: this.role_arn };
    if (truthy(this.role_session_name ?? undefined)) args.RoleSessionName = this.role_session_name!;
    return args;
  }
}

/** Plans every profile of a model; results and hop objects are shared where they are equal. */
export class ChainPlanner {
  private readonly baseHops = new Map<string, BaseHop | null | PlanError>();
  private readonly roleHops = new Map<string, AssumeRoleHop>();
  private readonly bareHops = new Map<string, Hop>();
  /**
   * The chain being planned: one array reused for every profile, and how much of it is filled
   * (setting an array's length to 0 would free its storage, to be allocated again by the next push).
   * While a role chain is followed it holds only role hops: their profiles are the profiles visited.
   */
  private readonly building: Hop[] = [];
  private built = 0;
  /** The profiles visited, as a set, once a chain is long (see isVisited). */
  private visitedSet: Set<string> | null = null;

  /**
   * `platform` is Node's name of the system the AWS CLI would run on (`process.platform`): on
   * 'win32' a credential_process line is split with the Windows rules, as botocore does there.
   */
  constructor(
    private readonly model: ProfileModel,
    private readonly platform = 'linux',
  ) {}

  /** What `aws --profile name` does for credentials. */
  plan(name: string): ProfileResolution {
    const entry = this.model.profiles.get(name)!;
    const region = entry.values.region;
    const sts_region = region === undefined ? null : region;
    // Built in one reused array, then copied at its exact length: thousands of chains are kept.
    this.built = 0;
    // botocore builds its providers for `profile or 'default'`: the profile named '' gets default's credentials.
    const effective = name === '' ? this.model.profiles.get('default') : entry;
    try {
      // Building the resolver reads the profile's own instance metadata settings first.
      const imds = imdsSettingsFailure(entry.values);
      if (imds !== null) throw settingError(name, entry.values[imds.key], imds);
      if (effective === undefined) return { values: entry.values, result: 'no_credentials', error: null, error_message: null, sts_region, chain: [] };
      if (hasAssumeRole(effective.values)) {
        this.planAssumeRole(effective);
      } else {
        const base = this.baseHop(effective.name);
        if (base === null) return { values: entry.values, result: 'no_credentials', error: null, error_message: null, sts_region, chain: [] };
        this.push(base);
      }
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      if (e.reached) this.push(e.reached);
      const chain = this.building.slice(0, this.built);
      // The AWS CLI computes cache keys only for a chain it can follow: hops of a failed one have none.
      for (let i = 0; i < chain.length; i++) chain[i] = this.withoutCacheKey(chain[i]);
      const failed: ProfileResolution = { values: entry.values, result: 'error', error: e.kind, error_message: e.message, sts_region, chain };
      if (e.cause) Object.defineProperty(failed, 'cause', { value: e.cause, enumerable: false });
      return failed;
    }
    return { values: entry.values, result: 'ok', error: null, error_message: null, sts_region, chain: this.building.slice(0, this.built) };
  }

  private push(hop: Hop): void {
    this.building[this.built++] = hop;
  }

  /** botocore's `_load_creds_via_assume_role`, as a loop: one iteration per role hop. */
  private planAssumeRole(top: ProfileEntry): void {
    this.visitedSet = null;
    let current = top;
    for (let hops = 1; ; hops++) {
      if (hops > MAX_ROLE_HOPS) {
        throw new PlanError('invalid_config', l10n.t('The role chain of profile "{0}" is longer than {1} hops; the AWS CLI cannot follow it.', top.name, MAX_ROLE_HOPS));
      }
      // _get_role_config: int(duration_seconds) comes first, and only its ValueError is caught.
      if (isBlock(current.values.duration_seconds)) throw blockError(current.name, 'duration_seconds', 'int');
      const hop = this.roleHop(current);
      // Then exactly one of source_profile / credential_source, and that one validated.
      if (hop.credential_source !== null && hop.source_profile !== null) {
        throw new PlanError('invalid_config', l10n.t('The profile "{0}" contains both source_profile and credential_source.', current.name));
      }
      if (hop.credential_source === null && hop.source_profile === null) throw partial('assume-role', l10n.t('source_profile or credential_source'));
      if (hop.credential_source !== null) {
        if (!(CREDENTIAL_SOURCES as readonly string[]).includes(hop.credential_source)) {
          throw new PlanError('invalid_config', l10n.t('The credential source "{0}" referenced in profile "{1}" is not valid.', show(hop.credential_source), current.name));
        }
        this.push(hop);
        const base: CredentialSourceHop = {
          kind: 'credential_source',
          profile: current.name,
          credential_source: hop.credential_source as CredentialSourceHop['credential_source'],
        };
        this.push(base);
        return;
      }
      // _validate_source_profile looks the name up in a dict of profiles: a dict is no key.
      if (isBlock(current.values.source_profile)) throw blockError(current.name, 'source_profile', 'lookup');
      const sourceName = hop.source_profile as string;
      const source = this.model.profiles.get(sourceName);
      if (source === undefined) {
        throw new PlanError('invalid_config', l10n.t('The source_profile "{0}" referenced in the profile "{1}" does not exist.', show(sourceName), current.name));
      }
      if (this.isVisited(sourceName, current) && (sourceName !== current.name || !hasStatic(source.values))) throw cycle(sourceName, this.visited(current));
      this.push(hop);
      // _resolve_source_credentials
      if (hasStatic(source.values) || !hasAssumeRole(source.values)) {
        const base = this.baseHop(sourceName);
        if (base === null) throw new PlanError('invalid_config', l10n.t('The source profile "{0}" must have credentials.', sourceName));
        this.push(base);
        return;
      }
      current = source;
    }
  }

  /**
   * The profiles a role chain visited, botocore's `visited` list: the top profile and every source
   * followed so far, which are the profiles of the role hops built so far and the current one.
   */
  private visited(current: ProfileEntry): string[] {
    const names: string[] = [];
    for (let i = 0; i < this.built; i++) names.push(this.building[i].profile);
    names.push(current.name);
    return names;
  }

  /** Whether a role chain already visited a profile: a scan for short chains, a set for long ones. */
  private isVisited(name: string, current: ProfileEntry): boolean {
    if (name === current.name) return true;
    const n = this.built;
    if (n < 32) {
      for (let i = 0; i < n; i++) if (this.building[i].profile === name) return true;
      return false;
    }
    // The role hops' profiles are distinct (a profile visited twice ends the chain): the set holds the first `size` of them.
    const set = (this.visitedSet ??= new Set());
    for (let i = set.size; i < n; i++) set.add(this.building[i].profile);
    return set.has(name);
  }

  /** The assume-role hop of a profile (role_arn present) with its AWS CLI cache key, memoised. */
  private roleHop(entry: ProfileEntry): AssumeRoleHop {
    let hop = this.roleHops.get(entry.name);
    if (hop === undefined) {
      hop = new RoleHop(entry.name, entry.values);
      this.roleHops.set(entry.name, hop);
    }
    return hop;
  }

  /** The same hop as it appears in a chain that fails: without a cache key (memoised, so shared). */
  private withoutCacheKey(hop: Hop): Hop {
    if (hop.kind !== 'assume_role' && hop.kind !== 'web_identity') return hop;
    const key = hop.kind + '\u0000' + hop.profile;
    let bare = this.bareHops.get(key);
    if (bare === undefined) {
      bare = { ...hop }; // own fields only: the cache key is not one of them
      this.bareHops.set(key, bare);
    }
    return bare;
  }

  /**
   * botocore's profile provider chain for one profile (web identity, SSO, credentials-file keys,
   * login, credential_process, config-file keys): the first that applies, null for none.
   */
  private baseHop(name: string): BaseHop | null {
    let result = this.baseHops.get(name);
    if (result === undefined) {
      try {
        result = this.findBaseHop(this.model.profiles.get(name)!);
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        result = e;
      }
      this.baseHops.set(name, result);
    }
    if (result instanceof PlanError) throw result;
    return result;
  }

  private findBaseHop(entry: ProfileEntry): BaseHop | null {
    const v = entry.values;
    const profile = entry.name;
    if (truthy(v.web_identity_token_file)) {
      if (!truthy(v.role_arn)) {
        throw new PlanError(
          'invalid_config',
          l10n.t('The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured. Ensure that the profile has the role_arnconfiguration set or the AWS_ROLE_ARN env var is set.'),
        );
      }
      return new WebIdentityRoleHop(profile, v);
    }
    if (has(v, 'sso_role_name') || has(v, 'sso_account_id')) return this.ssoHop(entry);
    const creds = entry.credentialsSection?.values;
    if (creds !== undefined && has(creds, 'aws_access_key_id')) {
      if (!has(creds, 'aws_secret_access_key')) throw partial('shared-credentials-file', 'aws_secret_access_key');
      return { kind: 'static', profile, from: 'credentials', has_session_token: has(creds, 'aws_security_token') || has(creds, 'aws_session_token') };
    }
    if (has(v, 'login_session')) return { kind: 'login', profile, login_session: v.login_session as string };
    if (has(v, 'credential_process')) {
      const command = v.credential_process;
      // ProcessProvider: shlex.split(command) reads it as a stream, then Popen(argv) runs it.
      if (isBlock(command)) throw blockError(profile, 'credential_process', 'shlex');
      let argv: string[];
      try {
        argv = splitCommandLine(command, this.platform);
      } catch (e) {
        if (e instanceof ShlexError) throw new PlanError('invalid_value', e.message);
        throw e;
      }
      const hop: BaseHop = { kind: 'process', profile, credential_process: command, argv };
      // An empty command line: Popen([]) reads argv[0] before it starts anything.
      if (argv.length === 0) {
        throw new PlanError(
          'IndexError',
          l10n.t('credential_process of profile "{0}" is empty: the AWS CLI runs an empty command line and fails (IndexError: list index out of range).', profile),
          { profile, key: 'credential_process', why: 'empty_command' },
          hop,
        );
      }
      return hop;
    }
    const conf = entry.configSection?.values;
    if (conf !== undefined && has(conf, 'aws_access_key_id')) {
      if (!has(conf, 'aws_secret_access_key')) throw partial('config-file', 'aws_secret_access_key');
      return { kind: 'static', profile, from: 'config', has_session_token: has(conf, 'aws_security_token') || has(conf, 'aws_session_token') };
    }
    return null;
  }

  /** botocore's SSOProvider: legacy keys on the profile, or merged from its `[sso-session]`. */
  private ssoHop(entry: ProfileEntry): BaseHop {
    let config = entry.values;
    const required = ['sso_role_name', 'sso_account_id', 'sso_start_url', 'sso_region'];
    const sessionName = config.sso_session;
    if (sessionName !== undefined) {
      // _resolve_sso_session_reference looks the name up in a dict of sessions: a dict is no key.
      if (isBlock(sessionName)) throw blockError(entry.name, 'sso_session', 'lookup');
      const session = this.model.ssoSessions.get(sessionName);
      if (session === undefined) throw new PlanError('invalid_config', l10n.t('The specified sso-session does not exist: "{0}"', show(sessionName)));
      config = { ...config };
      for (const [key, val] of Object.entries(session.values)) {
        const mine = hasOwn(config, key) ? config[key] : undefined;
        if (mine !== undefined && !sameValue(mine, val)) {
          throw new PlanError('invalid_config', l10n.t('The value for {0} is inconsistent between profile ({1}) and sso-session ({2}).', key, show(mine), show(val)));
        }
        setOwn(config, key, val);
      }
      required.push('sso_session');
    }
    const missing = required.filter((key) => !has(config, key));
    if (missing.length > 0) {
      throw new PlanError('invalid_config', l10n.t('The profile "{0}" is configured to use SSO but is missing required configuration: {1}', entry.name, missing.join(', ')));
    }
    return {
      kind: 'sso',
      profile: entry.name,
      sso_start_url: config.sso_start_url as string,
      sso_region: config.sso_region as string,
      sso_account_id: config.sso_account_id as string,
      sso_role_name: config.sso_role_name as string,
      sso_session: str(config.sso_session),
    };
  }
}

function sameValue(a: ConfigValue, b: ConfigValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && b[k] === a[k]);
}
