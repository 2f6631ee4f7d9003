import type { Analysis, Diagnostic, FileKind, Location } from '../core';
import type { CredentialStatus } from '../core/credentials/credentials';
import * as l10n from '@vscode/l10n';
import { accountOf, hopLabel } from '../core/chains/chainText';

/** How a profile gets its credentials (the first hop of its chain), or why it has none. */
export type ProfileKind = 'static' | 'role' | 'credential_source' | 'process' | 'web_identity' | 'sso' | 'login' | 'none' | 'problem';

/** What the tree, the picker and the status bar show of a profile: no I/O, from the analysis alone. */
export interface ProfileFacts {
  name: string;
  kind: ProfileKind;
  kindLabel: string;
  /** result 'ok': the credentials engine can be asked for its credentials. */
  isUsable: boolean;
  region?: string;
  roleArn?: string;
  account?: string;
  /** The profile or credential source the first role is assumed with. */
  source?: string;
  mfaSerial?: string;
  needsExternalId: boolean;
  location?: Location;
  /** The engine's message for a profile it cannot plan. */
  problem?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The facts of one profile of an analysis (undefined when there is no such profile). */
export function profileFacts(analysis: Analysis, name: string, status?: CredentialStatus): ProfileFacts | undefined {
  const entry = analysis.model.profiles.get(name);
  const plan = analysis.plans.get(name);
  if (entry === undefined || plan === undefined) return undefined;
  const values = entry.values;
  const first = plan.chain[0];
  const kind: ProfileKind =
    plan.result === 'error' ? 'problem' : first === undefined ? 'none' : first.kind === 'assume_role' ? 'role' : first.kind;
  const roleArn = first?.kind === 'assume_role' || first?.kind === 'web_identity' ? first.role_arn : str(values.role_arn);
  const at = entry.config ?? entry.credentials;
  return {
    name,
    kind,
    kindLabel: kind === 'problem' ? 'problem' : kind === 'none' ? l10n.t('no credentials') : hopLabel(first!),
    isUsable: plan.result === 'ok',
    region: str(values.region),
    roleArn,
    account: accountOf(roleArn) ?? (first?.kind === 'sso' ? first.sso_account_id : undefined) ?? status?.identity?.account,
    source: first?.kind === 'assume_role' ? (first.source_profile ?? first.credential_source ?? undefined) : undefined,
    mfaSerial: first?.kind === 'assume_role' ? (first.mfa_serial ?? undefined) : undefined,
    needsExternalId: first?.kind === 'assume_role' && first.external_id !== null,
    location: at ? { file: at.file, line: at.line } : undefined,
    problem: plan.error_message ?? undefined,
  };
}

/** A file's name as the user knows it (`~/.aws/config`). */
export function displayPath(path: string, home: string): string {
  if (!home || !path.startsWith(home)) return path;
  const rest = path.slice(home.length);
  // A Windows home (C:\Users\alice) is followed by a backslash, or by a slash where one was typed.
  return rest === '' || rest[0] === '/' || rest[0] === '\\' ? '~' + rest : path;
}

/** Diagnostics grouped where they are shown: at the top (file rejections), per profile, and the rest. */
export interface DiagnosticIndex {
  fileLevel: Diagnostic[];
  byProfile: Map<string, Diagnostic[]>;
  other: Diagnostic[];
}

/** Groups diagnostics in one pass (no per-profile scans: 5,000 profiles stay linear). */
export function indexDiagnostics(analysis: Analysis): DiagnosticIndex {
  const index: DiagnosticIndex = { fileLevel: [], byProfile: new Map(), other: [] };
  for (const d of analysis.diagnostics) {
    if (d.code.startsWith('rejected.')) index.fileLevel.push(d);
    else if (d.profile !== undefined && analysis.model.profiles.has(d.profile)) {
      const list = index.byProfile.get(d.profile);
      if (list) list.push(d);
      else index.byProfile.set(d.profile, [d]);
    } else index.other.push(d);
  }
  return index;
}

/** Where a file kind lives on disk, for opening it. */
export type FilePaths = Record<FileKind, string>;
