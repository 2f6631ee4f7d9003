import * as l10n from '@vscode/l10n';
import { ageDays, maskKeyId, ownKey, type KeyFacts, type KeyReport } from './accessKeys';

/** The items the Profiles view shows under a profile with IAM user keys, in words (dist/feature-keys.js: the activation bundle holds none of it). */

/** How long ago, in words: `just now`, `5 min ago`, `3 h ago`, `12 days ago`. */
export function formatAgo(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return l10n.t('just now');
  if (minutes < 60) return l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return l10n.t('{0} h ago', hours);
  const days = Math.floor(hours / 24);
  return days === 1 ? l10n.t('1 day ago') : l10n.t('{0} days ago', days);
}

/** An item under a profile with IAM user keys, independent of the vscode API (the tree maps it 1:1). */
export interface KeyItemView {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: { id: string; color?: string };
  /** Tokens menus match: `accessKey` (with `old` past the limit), `keyInfo`. */
  contextValue: string;
  /** The profile it is under. */
  profile: string;
}

/** "last used 2 days ago (ec2, eu-west-1)", "never used", or nothing when IAM did not say. */
function lastUseText(use: KeyFacts['lastUse'], now: number): string | undefined {
  if (use === undefined) return undefined;
  if (use === null) return l10n.t('never used');
  const where = [use.service, use.region].filter((s) => s !== undefined).join(', ');
  return where ? l10n.t('last used {0} ({1})', formatAgo(use.at, now), where) : l10n.t('last used {0}', formatAgo(use.at, now));
}

/**
 * The items under a profile with IAM user keys: a loading line while IAM is asked, one quiet line
 * where IAM refuses, else the profile's key (masked, its age, its last use: marked past the limit),
 * the user's other key if any, and whether the user has MFA devices.
 */
export function keyItemViews(profile: string, report: KeyReport | 'loading', now: number, maxAgeDays: number, formatDate: (ms: number) => string): KeyItemView[] {
  const id = (suffix: string) => `profile:${profile}/keys:${suffix}`;
  const quiet = (suffix: string, label: string, tooltip?: string): KeyItemView => ({ id: id(suffix), label, icon: { id: 'info' }, contextValue: 'keyInfo', profile, tooltip });
  if (report === 'loading') return [{ ...quiet('loading', l10n.t('Asking IAM about the access key…')), icon: { id: 'loading~spin' } }];
  if (report.denied) {
    const label = report.denied.explicit
      ? l10n.t('your policy requires MFA for {0}: Rotate Access Keys… asks for a code', report.denied.action)
      : l10n.t('your policy does not allow {0} on yourself', report.denied.action);
    return [quiet('denied', label)];
  }
  if (report.failed !== undefined) return [quiet('failed', report.failed)];
  const out: KeyItemView[] = [];
  const own = ownKey(report);
  const shown = own ? [own, ...report.keys.filter((k) => k !== own)] : report.keys;
  for (const key of shown) {
    const isOwn = key === own;
    const age = ageDays(key.createdAt, now);
    const old = isOwn && age > maxAgeDays;
    const parts = [key.status === 'Inactive' ? l10n.t('inactive') : '', age === 1 ? l10n.t('1 day old') : l10n.t('{0} days old', age), lastUseText(key.lastUse, now) ?? ''];
    if (old) parts.push(l10n.t('older than {0} days: rotate it', maxAgeDays));
    const lines = [
      isOwn ? l10n.t('**Access key of this profile** `{0}`', maskKeyId(key.accessKeyId)) : l10n.t('**Other access key of the IAM user** `{0}` (not this profile\'s)', maskKeyId(key.accessKeyId)),
      '',
      l10n.t('Created {0} ({1} days ago), {2}.', formatDate(key.createdAt), age, key.status === 'Active' ? l10n.t('active') : l10n.t('inactive')),
    ];
    const used = key.lastUse;
    if (used) lines.push('', l10n.t('Last used {0}{1}.', formatDate(used.at), [used.service, used.region].some(Boolean) ? ` (${[used.service, used.region].filter(Boolean).join(', ')})` : ''));
    else if (used === null) lines.push('', l10n.t('Never used.'));
    if (old) lines.push('', l10n.t('Older than awsProfiles.keys.maxAgeDays ({0} days): rotate it with "Rotate Access Keys…".', maxAgeDays));
    out.push({
      id: id(key.accessKeyId),
      label: isOwn ? maskKeyId(key.accessKeyId) : l10n.t('other key {0}', maskKeyId(key.accessKeyId)),
      description: parts.filter((p) => p !== '').join(' · '),
      tooltip: lines.join('\n'),
      icon: old ? { id: 'warning', color: 'list.warningForeground' } : { id: 'key', color: key.status === 'Inactive' ? 'disabledForeground' : undefined },
      // l10n-ignore: when-clause tokens of package.json's menus
      contextValue: isOwn ? (old ? 'accessKey old' : 'accessKey') : 'otherAccessKey',
      profile,
    });
  }
  if (own === undefined) out.push(quiet('unlisted', l10n.t('IAM does not list this profile\'s key {0} for user {1}', maskKeyId(report.accessKeyId), report.userName ?? '?')));
  if (report.mfaDevices !== undefined) {
    out.push({
      ...quiet('mfa', report.mfaDevices === 0 ? l10n.t('no MFA device') : report.mfaDevices === 1 ? l10n.t('1 MFA device') : l10n.t('{0} MFA devices', report.mfaDevices)),
      icon: { id: report.mfaDevices === 0 ? 'unlock' : 'lock' },
    });
  }
  return out;
}

