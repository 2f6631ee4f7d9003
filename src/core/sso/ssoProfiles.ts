import { UserError } from '../common/errors';
import type { ProfileModel } from '../config/profileMap';
import type { ConfigValue } from '../config/types';
import type { SsoSession } from './ssoSession';
import * as l10n from '@vscode/l10n';

/**
 * "Add Profiles from IAM Identity Center": which account and role pairs the config file already has
 * for a session, names for new profiles, and the sections to append.
 */

/** A profile to add: a name and the account and role it signs in to. */
export interface NewSsoProfile {
  name: string;
  accountId: string;
  roleName: string;
}

/** Characters a new profile's name may have: every SDK accepts them, and no quoting is needed in a header. */
const NAME = /^[A-Za-z0-9_.@+-]+$/;

/** An AWS account id: twelve digits. */
const ACCOUNT_ID = /^\d{12}$/;

/** An IAM role's name (IAM's own rule): what IAM Identity Center's permission sets become. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Why an account and role the portal listed cannot be written into the config file, or undefined
 * when they can: the values are written as they are, so one that is not an account id or a role
 * name (a line break would add a line of its choosing, `credential_process` included) is refused.
 */
export function invalidAssignment(p: { accountId: string; roleName: string }): string | undefined {
  const shown = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  if (!ACCOUNT_ID.test(p.accountId)) return l10n.t('IAM Identity Center listed an account whose id, {0}, is not an AWS account id (12 digits).', shown(p.accountId));
  if (!ROLE_NAME.test(p.roleName)) return l10n.t('IAM Identity Center listed a role of account {0} whose name, {1}, is not an IAM role name (1 to 64 letters, digits and + = , . @ _ -).', p.accountId, shown(p.roleName));
  return undefined;
}

function text(v: ConfigValue | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** `accountId/roleName` of every profile already signing in through the session. */
export function existingAssignments(model: ProfileModel, session: SsoSession): Set<string> {
  const out = new Set<string>();
  for (const entry of model.profiles.values()) {
    const v = entry.values;
    const ofSession = session.name !== null ? text(v.sso_session) === session.name : text(v.sso_session) === undefined && text(v.sso_start_url) === session.startUrl;
    const account = text(v.sso_account_id);
    const role = text(v.sso_role_name);
    if (ofSession && account && role) out.add(`${account}/${role}`);
  }
  return out;
}

/** Why a name cannot be a new profile's, or undefined when it can. */
export function invalidProfileName(name: string, taken: (name: string) => boolean): string | undefined {
  if (!NAME.test(name)) return l10n.t('Use letters, digits and . _ @ + - only.');
  if (taken(name)) return l10n.t('There is a profile "{0}" already.', name);
  return undefined;
}

/** A name for an account's role, from the account's name (as `aws configure sso` suggests), not taken. */
export function proposeName(accountName: string, roleName: string, taken: (name: string) => boolean): string {
  const slug = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9_.@+-]+/g, '-').replace(/^-+|-+$/g, '') || 'account';
  const base = `${slug(accountName)}-${slug(roleName)}`;
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}-${n}`;
  return name;
}

/**
 * The sections for new profiles of a session: `sso_session` for a named session, `sso_start_url` and
 * `sso_region` for a legacy one; the session's region as the profile's region. Throws a UserError,
 * and writes nothing, when an account id, a role name or a profile name is not one (invalidAssignment).
 */
export function ssoProfileSections(session: SsoSession, profiles: NewSsoProfile[]): string {
  for (const p of profiles) {
    const problem = invalidAssignment(p) ?? (NAME.test(p.name) ? undefined : l10n.t('A new profile\'s name, {0}, has characters a profile name cannot have.', JSON.stringify(p.name)));
    if (problem) throw new UserError(l10n.t('{0} Nothing was written to the config file.', problem), 'sso.invalidAssignment');
  }
  return profiles
    .map((p) => {
      const lines = [`[profile ${p.name}]`];
      if (session.name !== null) lines.push(`sso_session = ${session.name}`);
      else lines.push(`sso_start_url = ${session.startUrl}`, `sso_region = ${session.region}`);
      lines.push(`sso_account_id = ${p.accountId}`, `sso_role_name = ${p.roleName}`, `region = ${session.region}`);
      return lines.join('\n') + '\n';
    })
    .join('\n');
}

/** The file with `sections` appended: every byte of it kept, a blank line between. */
export function appendSections(original: Uint8Array | null, sections: string): Uint8Array {
  const before = original ?? new Uint8Array();
  const last = before[before.length - 1];
  const separator = before.length === 0 ? '' : last === 0x0a || last === 0x0d ? '\n' : '\n\n';
  const added = new TextEncoder().encode(separator + sections);
  const out = new Uint8Array(before.length + added.length);
  out.set(before, 0);
  out.set(added, before.length);
  return out;
}
