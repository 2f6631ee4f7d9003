import type { Hop } from '../config/types';
import * as l10n from '@vscode/l10n';

/** The account id in an IAM ARN (`arn:aws:iam::123456789012:role/x`), if there is one. */
export function accountOf(arn: unknown): string | undefined {
  return typeof arn === 'string' ? /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] : undefined;
}

/**
 * The last path segment of a role ARN (`…:role/team/Admin` → `Admin`). A hop's role_arn is what the
 * file says, which may be a nested block (`role_arn =` then indented lines) that no ARN is.
 */
export function roleNameOf(arn: unknown): string {
  if (typeof arn !== 'string') return l10n.t('(not an ARN)');
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}

/** A short description of one hop's kind of credentials. */
export function hopLabel(hop: Hop): string {
  switch (hop.kind) {
    case 'static':
      return hop.has_session_token ? l10n.t('session keys') : l10n.t('IAM user keys');
    case 'assume_role':
      return 'role';
    case 'credential_source':
      return l10n.t('credential source {0}', hop.credential_source);
    case 'process':
      return l10n.t('credential process');
    case 'web_identity':
      return l10n.t('web identity');
    case 'sso':
      return l10n.t('IAM Identity Center');
    case 'login':
      return l10n.t('aws login session');
  }
}

/** The chain in one line, hop by hop down to the base credentials: `prod → default (IAM user keys)`. */
export function chainSummary(chain: Hop[]): string {
  if (chain.length === 0) return '';
  const names: string[] = [];
  for (const hop of chain) if (names[names.length - 1] !== hop.profile) names.push(hop.profile);
  return `${names.join(' → ')} (${hopLabel(chain[chain.length - 1])})`;
}

/**
 * One hop as the Profiles view shows it under a role (and the editor's hover on a source_profile):
 * `prod → default` with `role ProdAdmin · 222222222222 · needs MFA`, or `default` with `IAM user
 * keys · from the credentials file`. Nothing secret: names, ARNs and kinds only.
 */
export function hopRow(hop: Hop): { label: string; description: string } {
  if (hop.kind === 'assume_role') {
    const next = hop.source_profile ?? hop.credential_source ?? '?';
    const needs = [hop.mfa_serial ? l10n.t('needs MFA') : '', hop.external_id !== null ? l10n.t('needs external id') : ''].filter(Boolean);
    return { label: `${hop.profile} → ${next}`, description: [`role ${roleNameOf(hop.role_arn)}`, accountOf(hop.role_arn), ...needs].filter(Boolean).join(' · ') };
  }
  return { label: hop.profile, description: [hopLabel(hop), hop.kind === 'static' ? l10n.t('from the {0} file', hop.from) : ''].filter(Boolean).join(' · ') };
}
