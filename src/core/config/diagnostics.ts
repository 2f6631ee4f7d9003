import type { IniProblem } from './iniParser';
import { hasOwn } from '../common/objects';
import { keyLocation, type IgnoredSection, type ProfileModel } from './profileMap';
import { pyInt } from './pyText';
import type { FileKind, ProblemCause, ProfileResolution, RejectReason } from './types';
import * as l10n from '@vscode/l10n';

/** A problem in the files, shown where it is: in the tree, with the file and line to open. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable identifier of the kind of problem. */
  code: string;
  file: FileKind;
  /** 1-based line to open. */
  line: number;
  /** The profile it concerns, where there is one. */
  profile?: string;
  /** One sentence: what is wrong and what it does. */
  message: string;
  /** How to fix it. */
  fix: string;
}

/** Built when read, so that the sentences are in the display language (@vscode/l10n is configured at activation). */
const REJECTION_FIX = (): Record<RejectReason, string> => ({
  duplicate_key: l10n.t('Remove one of the two lines.'),
  duplicate_section: l10n.t('Merge the two sections into one.'),
  invalid_line: l10n.t('Write it as "key = value", or start it with # to make it a comment.'),
  no_section_header: l10n.t('Move it under a [section] header, or delete it.'),
  invalid_utf8: l10n.t('Save the file as UTF-8.'),
  invalid_nested_line: l10n.t('Write each indented line of the block as "key = value".'),
});

/** The diagnostics of a file botocore refuses: each problem that makes every aws command fail. */
export function rejectionDiagnostics(file: FileKind, problems: IniProblem[]): Diagnostic[] {
  return problems.map((p) => ({
    severity: 'error',
    code: `rejected.${p.reason}`,
    file,
    line: p.at,
    message: l10n.t('The AWS CLI cannot read this file, so every aws command fails: {0}.', p.message),
    fix: p.message === l10n.t('the file starts with a byte order mark (BOM), which the AWS CLI cannot read') ? l10n.t('Save the file as UTF-8 without a BOM.') : REJECTION_FIX()[p.reason],
  }));
}

/** Built when read, so that the sentences are in the display language (@vscode/l10n is configured at activation). */
const PROFILE_FIX = (): Record<string, string> => ({
  cycle: l10n.t('Point one source_profile of the loop at a profile that has credentials of its own.'),
  partial_credentials: l10n.t('Write aws_access_key_id and aws_secret_access_key together, in the same file and section.'),
  invalid_value: l10n.t('Fix the quoting of the command line.'),
});

/**
 * Settings botocore passes on as they are, never reading them as text while it plans: written as an
 * indented block, they fail only when used (an STS call, a client for the region). The settings it
 * does read as text fail at once, and are errors of the profile (see chainPlanner's blockError).
 */
const PASSED_ON_SETTINGS = [
  'role_arn', 'external_id', 'mfa_serial', 'role_session_name', 'web_identity_token_file', 'sso_start_url', 'sso_region',
  'sso_account_id', 'sso_role_name', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'region', 'output',
];

/** How each setting botocore reads as one line is written on one line, for the fix of an indented block. */
const ONE_LINE_EXAMPLE: Record<string, string> = {
  duration_seconds: '3600',
  source_profile: 'NAME',
  sso_session: 'NAME',
  credential_process: '/path/to/command --args',
  metadata_service_timeout: '1',
  metadata_service_num_attempts: '1',
  ec2_metadata_service_endpoint_mode: 'IPv4',
  ec2_metadata_service_endpoint: 'http://169.254.169.254',
};

/** What an instance metadata setting botocore accepts looks like, for the fix of one it refuses. */
/** Built when read, so that the sentences are in the display language (@vscode/l10n is configured at activation). */
const SETTING_FIX = (): Record<string, string> => ({
  metadata_service_timeout: l10n.t('Write a whole number of seconds: `metadata_service_timeout = 1`.'),
  metadata_service_num_attempts: l10n.t('Write a whole number of attempts: `metadata_service_num_attempts = 1`.'),
  ec2_metadata_service_endpoint_mode: l10n.t('Write `ec2_metadata_service_endpoint_mode = IPv4` or `IPv6`, or delete the line.'),
  ec2_metadata_service_endpoint: l10n.t('Write a URL with a host name or a bracketed IPv6 address, e.g. `ec2_metadata_service_endpoint = http://169.254.169.254`, or delete the line.'),
});

/** The diagnostic of a profile that fails on one setting (its own, or one of a profile its chain uses): at that setting. */
function causeDiagnostic(model: ProfileModel, name: string, plan: ProfileResolution, cause: ProblemCause): Diagnostic | null {
  const owner = model.profiles.get(cause.profile);
  const loc = owner && keyLocation(owner, cause.key);
  if (!loc) return null;
  const fix =
    cause.why === 'empty_command'
      ? l10n.t('Write the command that prints the credentials, e.g. `credential_process = /usr/local/bin/get-credentials --json`, or delete the line.')
      : cause.why === 'invalid_setting'
        ? SETTING_FIX()[cause.key]
        : l10n.t('Write {0} on one line: `{1} = {2}`.', cause.key, cause.key, ONE_LINE_EXAMPLE[cause.key] ?? 'VALUE');
  const via = cause.profile === name ? '' : l10n.t('Profile "{0}" uses profile "{1}": ', name, cause.profile);
  return { severity: 'error', code: `profile.${cause.why}`, file: loc.file, line: loc.line, profile: name, message: via + plan.error_message!, fix };
}

/** The diagnostic of a profile whose credentials botocore cannot plan. */
export function profileErrorDiagnostic(model: ProfileModel, name: string, plan: ProfileResolution): Diagnostic | null {
  if (plan.result !== 'error') return null;
  if (plan.cause) {
    const d = causeDiagnostic(model, name, plan, plan.cause);
    if (d) return d;
  }
  const entry = model.profiles.get(name)!;
  const at = entry.config ?? entry.credentials!;
  let fix = PROFILE_FIX()[plan.error!] ?? l10n.t('Correct the profile as the message says.');
  const source = entry.values.source_profile;
  if (typeof source === 'string' && plan.error_message?.includes(l10n.t('does not exist'))) {
    const near = lowerCaseNames(model).get(source.toLowerCase());
    fix = near !== undefined ? l10n.t('Profile names are case-sensitive: write source_profile = {0}.', near) : l10n.t('Create a profile named "{0}", or name an existing one.', source);
  }
  if (plan.error_message?.includes(l10n.t('must have credentials'))) fix = l10n.t('Give the source profile keys (or a role of its own), or pick another source_profile.');
  const key = plan.error === 'cycle' || plan.error_message?.includes(l10n.t('does not exist')) ? 'source_profile' : undefined;
  const line = (key !== undefined ? keyLocation(entry, key)?.line : undefined) ?? at.line;
  return { severity: 'error', code: `profile.${plan.error}`, file: at.file, line, profile: name, message: plan.error_message!, fix };
}

const lowerCaseIndex = new WeakMap<ProfileModel, Map<string, string>>();

/** Profile names by their lower-case form, to suggest the right case for a name that matches none. */
function lowerCaseNames(model: ProfileModel): Map<string, string> {
  let index = lowerCaseIndex.get(model);
  if (index === undefined) {
    index = new Map();
    for (const name of model.profiles.keys()) if (!index.has(name.toLowerCase())) index.set(name.toLowerCase(), name);
    lowerCaseIndex.set(model, index);
  }
  return index;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const KNOWN_NON_PROFILE_SECTIONS = new Set(['plugins', 'preview', 'cli']);

function ignoredDiagnostic(s: IgnoredSection): Diagnostic | null {
  const base = { file: 'config' as FileKind, line: s.line };
  if (s.why === 'replaced') {
    return {
      ...base,
      severity: 'warning',
      code: 'section.replaced',
      message: l10n.t('[{0}] at line {1} replaces [{2}] entirely: the AWS CLI uses nothing of this earlier section.', s.replacedBy!.header, s.replacedBy!.line, s.header),
      fix: l10n.t('Keep one section and move the keys you need into it.'),
    };
  }
  if (s.why === 'not_a_profile') {
    if (KNOWN_NON_PROFILE_SECTIONS.has(s.header)) return null;
    const name = s.header.trim();
    return {
      ...base,
      severity: 'warning',
      code: 'section.not_a_profile',
      message: l10n.t('[{0}] is not a profile in the config file: the AWS CLI only reads [default] and [profile NAME] there.', s.header),
      fix: /^profile\s/.test(name) ? l10n.t('Remove the spaces inside the brackets: [{0}].', name) : `Write [profile ${name}].`,
    };
  }
  const words = s.words ?? [];
  return {
    ...base,
    severity: 'warning',
    code: 'section.dropped',
    message:
      typeof words === 'string'
        ? l10n.t('The AWS CLI ignores [{0}]: its name cannot be split ({1}).', s.header, words)
        : l10n.t('The AWS CLI ignores [{0}]: it reads {1} word{2} in it, and needs exactly two.', s.header, words.length, words.length === 1 ? '' : 's'),
    fix:
      typeof words !== 'string' && words.length > 2
        ? l10n.t('Quote a name with spaces: [{0} "{1}"].', words[0], words.slice(1).join(' '))
        : l10n.t('Write [{0} NAME], quoting a NAME with spaces or quotes in it.', s.header.split(/\s/)[0] || 'profile'),
  };
}

/** What the AWS CLI silently gets wrong: each with the file and line and how to fix it. */
export function warnings(model: ProfileModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of model.ignored) {
    const d = ignoredDiagnostic(s);
    if (d) out.push(d);
  }
  const droppedLines = new Set(model.ignored.filter((i) => i.why !== 'replaced').map((i) => i.line));
  for (const section of model.configFile.sections) {
    const m = /^(profile|sso-session|services)(\S+)\s/.exec(section.name);
    if (m && !droppedLines.has(section.line)) {
      out.push({
        severity: 'warning',
        code: 'section.prefix',
        file: 'config',
        line: section.line,
        message: l10n.t('The AWS CLI reads [{0}] as if it said "{1}": anything glued to "{2}" is ignored.', section.name, m[1], m[1]),
        fix: `Write [${m[1]} ${section.name.slice(m[0].length).trim()}].`,
      });
    }
  }
  for (const section of model.credentialsFile.sections) {
    if (/^profile\s/.test(section.name)) {
      out.push({
        severity: 'warning',
        code: 'credentials.profile_prefix',
        file: 'credentials',
        line: section.line,
        profile: section.name,
        message: l10n.t('In the credentials file, [{0}] is a profile literally named "{1}".', section.name, section.name),
        fix: l10n.t('Write [{0}]: the credentials file takes no "profile" prefix.', section.name.replace(/^profile\s+/, '')),
      });
    }
  }
  for (const entry of model.profiles.values()) {
    const v = entry.values;
    const warn = (key: string, code: string, message: string, fix: string): void => {
      const loc = keyLocation(entry, key)!;
      out.push({ severity: 'warning', code, file: loc.file, line: loc.line, profile: entry.name, message, fix });
    };
    for (const key of PASSED_ON_SETTINGS) {
      if (hasOwn(v, key) && typeof v[key] !== 'string') {
        warn(key, 'value.indented_block', `${key} is written as an indented block: the AWS CLI takes the block as the value and fails where it uses it.`, `Write ${key} on one line: \`${key} = VALUE\`.`);
      }
    }
    const duration = v.duration_seconds;
    if (typeof duration === 'string') {
      const n = pyInt(duration);
      if (n === null) {
        warn('duration_seconds', 'value.duration_ignored', `duration_seconds = ${duration} is not a whole number of seconds: the AWS CLI ignores it and sessions last one hour.`, 'Write the number of seconds, e.g. duration_seconds = 3600.');
      } else if (Number(n) < 900 || Number(n) > 43200) {
        warn('duration_seconds', 'value.duration_range', `duration_seconds = ${duration} is outside 900–43200: STS refuses the request.`, 'Pick a duration from 900 (15 minutes) to 43200 (12 hours), within the role\'s maximum session duration.');
      }
    }
    const arn = v.role_arn;
    if (typeof arn === 'string' && !ROLE_ARN.test(arn)) {
      const quoted = /^["'].*["']$/.test(arn);
      warn(
        'role_arn',
        'value.role_arn',
        `role_arn = ${arn.split('\n')[0]} is not an IAM role ARN${quoted ? ' (the quotes are part of the value)' : ''}: STS will refuse it.`,
        quoted ? 'Remove the quotes.' : 'Write arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME.',
      );
    }
    if (v.mfa_serial === '') {
      warn('mfa_serial', 'value.mfa_empty', 'mfa_serial is empty: the AWS CLI still asks for an MFA code, for no device, and STS refuses it.', 'Name the MFA device ARN, or delete the line.');
    }
    const source = v.source_profile;
    if (typeof source === 'string' && !model.profiles.has(source)) {
      const near = lowerCaseNames(model).get(source.toLowerCase());
      if (near !== undefined) {
        warn('source_profile', 'value.source_case', `source_profile = ${source} names no profile; [${near}] differs only in case, and profile names are case-sensitive.`, `Write source_profile = ${near}.`);
      }
    }
    for (const key in v) {
      const value = v[key];
      if (typeof value === 'string' && (value.includes('#') || value.includes(';')) && /\s[#;]/.test(value) && key !== 'credential_process') {
        warn(key, 'value.inline_comment', `The value of ${key} includes "${value.slice(value.search(/\s[#;]/) + 1)}": the AWS CLI has no inline comments.`, 'Move the comment to a line of its own.');
      }
    }
  }
  return out;
}
