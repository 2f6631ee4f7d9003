import type { CredentialStatus } from '../core/credentials/credentials';
import { formatRemaining, lifetimeState } from '../core/credentials/lifetime';
import { accountLabel, type Guard } from '../core/guard/guardRules';
import type { ProfileFacts } from '../profiles/profileFacts';
import { COMMANDS } from '../base/contributions';
import { md } from '../profiles/treeModel';
import * as l10n from '@vscode/l10n';

/** What the status-bar item shows. `background` maps to statusBarItem.warning/errorBackground. */
export interface StatusView {
  text: string;
  /** Markdown. */
  tooltip: string;
  background: 'none' | 'warning' | 'error';
}

/** The active profile's state as the status bar needs it. */
export interface StatusInput {
  active: string | undefined;
  /** Undefined when the active profile is not (or no longer) in the files. */
  facts: ProfileFacts | undefined;
  status: CredentialStatus | undefined;
  /** The last failure getting its credentials (cleared on success). */
  failure?: string;
  needsHuman?: boolean;
  /** What the human must do: an MFA code (the default), or a sign-in to IAM Identity Center. */
  humanStep?: 'mfa' | 'sign-in';
  now: number;
  formatTime(epochMs: number): string;
  /** The active profile's guard (awsProfiles.guard), with its time box's end and where the window then goes. */
  guard?: ActiveGuard;
}

/** A guard as the status bar shows it: the colour, the account, and the time box of the active period. */
export interface ActiveGuard extends Guard {
  /** When the window falls back (undefined: no time box). */
  endsAt?: number;
  /** The profile it falls back to (undefined: none). */
  returnsTo?: string;
}

/** The tooltip's last line. */
const click = (): string => `\n\n${l10n.t('Click to select another profile.')}`;

/** The command links of the tooltip (trusted for these commands only, see StatusBar). */
export const TOOLTIP_COMMANDS = [COMMANDS.openConsole.id];

/** A Markdown link that runs a command with arguments. */
function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** `$(key) prod 47m`, warning colour under 10 minutes, error colour when expired or failed. */
export function statusView(input: StatusInput): StatusView {
  const { active, facts, status, now } = input;
  if (active === undefined) return { text: l10n.t('$(key) AWS'), tooltip: l10n.t('No active AWS profile: terminals get no credentials from AWS Profiles.') + click(), background: 'none' };
  const head = l10n.t('**AWS profile {0}**', md(active));
  if (facts === undefined) {
    return { text: `$(key) ${active}`, tooltip: l10n.t('{0}\n\nThis profile is not in the AWS config or credentials file any more.{1}', head, click()), background: 'error' };
  }
  const lines = [head, ''];
  const account = status?.identity?.account ?? facts.account;
  if (account) lines.push(`Account: ${account}  `);
  if (facts.roleArn) lines.push(`Role: \`${facts.roleArn}\`  `);
  if (status?.identity) lines.push(l10n.t('Acting as: `{0}`  ', status.identity.arn));
  if (facts.region) lines.push(`Region: ${md(facts.region)}  `);
  const state = lifetimeState(status?.expiresAt, now);
  let suffix = '';
  let background: StatusView['background'] = 'none';
  if (status && status.expiresAt !== null) {
    const left = status.expiresAt - now;
    suffix = ` ${formatRemaining(left)}`;
    lines.push(state === 'expired' ? l10n.t('Expired at {0}  ', input.formatTime(status.expiresAt)) : l10n.t('Expires at {0} ({1})  ', input.formatTime(status.expiresAt), formatRemaining(left, 'long')));
    if (state === 'warning') background = 'warning';
    if (state === 'expired') background = 'error';
  } else if (status) {
    lines.push(l10n.t('Long-term keys (no expiry)  '));
  }
  if (input.failure) {
    background = 'error';
    lines.push('', `$(error) ${md(input.failure)}`);
    if (!status) suffix = ' failed';
  } else if (input.needsHuman && (!status || state === 'expired')) {
    background = state === 'expired' ? 'error' : 'warning';
    const signIn = input.humanStep === 'sign-in';
    lines.push('', signIn ? l10n.t('Needs a sign-in to IAM Identity Center: run **AWS Profiles: Sign In to IAM Identity Center…**.') : l10n.t('Needs an MFA code: run **AWS Profiles: Refresh Credentials**.'));
    if (!status) suffix = signIn ? l10n.t(' sign in') : l10n.t(' needs MFA');
  } else if (!status) {
    lines.push(l10n.t('No credentials held yet.'));
  }
  const guard = input.guard;
  if (guard) {
    // Red guards take the error background; orange the warning one, unless something is wrong.
    background = guard.color === 'red' ? 'error' : background === 'error' ? 'error' : 'warning';
    const account = accountLabel(guard);
    if (account !== undefined) suffix += ` · ${account}`;
    lines.push('', `$(shield) **Guarded** (${guard.color}${guard.confirm ? l10n.t(', asks before acting as it') : ''}).  `);
    if (guard.endsAt !== undefined) {
      const to = guard.returnsTo === undefined ? l10n.t('no profile') : `"${md(guard.returnsTo)}"`;
      lines.push(l10n.t('At {0} this window acts as {1} again; terminals opened with **Open Terminal with Profile…** keep {2} until closed.  ', input.formatTime(guard.endsAt), to, md(active)));
    }
  }
  lines.push('', commandLink(l10n.t('$(link-external) Open Console as Profile'), COMMANDS.openConsole.id, [active]));
  return { text: `$(key) ${active}${suffix}`, tooltip: lines.join('\n') + click(), background };
}
