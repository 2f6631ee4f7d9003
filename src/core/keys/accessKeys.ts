import type { ProfileModel } from '../config/profileMap';
import type { ConfigValue, FileKind, ProfileResolution } from '../config/types';

/** A day, for key ages. */
export const DAY_MS = 86_400_000;

/** The default of `awsProfiles.keys.maxAgeDays`: the CIS benchmark's 90 days. */
export const DEFAULT_MAX_AGE_DAYS = 90;

/** A key id shown without most of it: `AKIA…WXYZ` (an id is no secret, but a log or a screen needs no more). */
export function maskKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? accessKeyId : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** Whole days since `since` (epoch ms). */
export function ageDays(since: number, now: number): number {
  return Math.max(0, Math.floor((now - since) / DAY_MS));
}

/** One key of the user as the view shows it. */
export interface KeyFacts {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  /** Epoch ms. */
  createdAt: number;
  /** Undefined when IAM did not say (GetAccessKeyLastUsed denied); `null` when the key was never used. */
  lastUse?: { at: number; service?: string; region?: string } | null;
}

/**
 * What IAM said about the keys of a profile's IAM user (non-secret: ids, dates, counts), kept for the
 * day: the user's keys, their last use, whether the user has MFA devices; or why IAM said nothing.
 */
export interface KeyReport {
  /** The profile's own key id, which the report is about. */
  accessKeyId: string;
  /** Epoch ms. */
  fetchedAt: number;
  userName?: string;
  keys: KeyFacts[];
  /** MFA devices of the user; undefined when IAM did not say. */
  mfaDevices?: number;
  /** IAM refused to list the keys: the action, and whether a policy's explicit deny did (an MFA condition). */
  denied?: { action: string; explicit: boolean };
  /** Any other failure, in one sentence. */
  failed?: string;
}

/** Whether a report is still good: fetched the same calendar day (in the caller's zone, from `dayOf`), for the same key. */
export function isReportCurrent(report: KeyReport | undefined, accessKeyId: string, now: number, dayOf: (ms: number) => string): report is KeyReport {
  return report !== undefined && report.accessKeyId === accessKeyId && dayOf(report.fetchedAt) === dayOf(now) && report.failed === undefined;
}

/** The profile's own key in a report, if IAM listed it. */
export function ownKey(report: KeyReport): KeyFacts | undefined {
  return report.keys.find((k) => k.accessKeyId === report.accessKeyId);
}

/** Whether the profile's key is older than the limit (days), from a report. */
export function isOverAge(report: KeyReport | undefined, now: number, maxAgeDays: number): boolean {
  const own = report && ownKey(report);
  return own !== undefined && ageDays(own.createdAt, now) > maxAgeDays;
}

/** Where a long-term key is written: a profile's section of one file. */
export interface KeyPlacement {
  profile: string;
  file: FileKind;
}

function str(v: ConfigValue | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The long-term IAM user key a profile's own credentials are (its chain is that key alone, with no
 * session token), with the file it is written in; undefined for any other profile.
 */
export function longTermKeyOf(model: ProfileModel, resolution: ProfileResolution | undefined, profile: string): { accessKeyId: string; file: FileKind } | undefined {
  const hop = resolution?.result === 'ok' && resolution.chain.length === 1 ? resolution.chain[0] : undefined;
  if (hop?.kind !== 'static' || hop.has_session_token) return undefined;
  const entry = model.profiles.get(profile);
  const section = hop.from === 'credentials' ? entry?.credentialsSection : entry?.configSection;
  const accessKeyId = str(section?.values.aws_access_key_id);
  return accessKeyId === undefined ? undefined : { accessKeyId, file: hop.from };
}

/** Every profile whose own section (of either file) holds this key id: what a rotation must update together. */
export function profilesWithKey(model: ProfileModel, accessKeyId: string): KeyPlacement[] {
  const out: KeyPlacement[] = [];
  for (const entry of model.profiles.values()) {
    if (str(entry.credentialsSection?.values.aws_access_key_id) === accessKeyId) out.push({ profile: entry.name, file: 'credentials' });
    if (str(entry.configSection?.values.aws_access_key_id) === accessKeyId) out.push({ profile: entry.name, file: 'config' });
  }
  return out;
}

/**
 * The MFA device an MFA session of a profile's keys would use: the profile's own mfa_serial, else
 * that of a role assumed with the profile's keys (as its chain says); undefined when none names one.
 */
export function mfaSerialFor(model: ProfileModel, plans: ReadonlyMap<string, ProfileResolution>, profile: string): string | undefined {
  const own = str(model.profiles.get(profile)?.values.mfa_serial);
  if (own !== undefined) return own;
  for (const plan of plans.values()) {
    const chain = plan.result === 'ok' ? plan.chain : [];
    const base = chain[chain.length - 1];
    const above = chain[chain.length - 2];
    if (base?.kind === 'static' && base.profile === profile && above?.kind === 'assume_role' && above.mfa_serial) return above.mfa_serial;
  }
  return undefined;
}
