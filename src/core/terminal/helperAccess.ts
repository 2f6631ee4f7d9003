import type { HelperRequest } from './helperProtocol';
import * as l10n from '@vscode/l10n';

/** What a window serves its terminals at a given moment. */
export interface ServedState {
  /** The profile the window's terminals act as (the collection), if they act as one through the helper. */
  active: string | undefined;
  /** The extension's own terminals that are open: id → profile. */
  ownTerminals: ReadonlyMap<string, string>;
  /** Roles served for `aws --profile X` (profileFlag `extension`), over every copy the window wrote. */
  profiles: ReadonlySet<string>;
  /** Profiles whose config-file keys the copies ask for. */
  keys: ReadonlySet<string>;
  /** Profiles whose credentials were cleared in this window: refused until used again. */
  cleared: ReadonlySet<string>;
}

/** Whether the window answers a helper's request, or the sentence the terminal shows instead. */
export type Access = { ok: true } | { ok: false; message: string };

/**
 * Decides a helper's request. A terminal acts as the profile it was opened with for as long as the
 * window serves it: the active profile's terminals while it stays active, a terminal of its own
 * while it is open. Every refusal says what to do.
 */
export function helperAccess(request: HelperRequest, state: ServedState): Access {
  const { profile } = request;
  if (state.cleared.has(profile)) {
    return refuse(l10n.t('the credentials of profile "{0}" were cleared in this VS Code window. Select it again, or open a new terminal with it.', profile));
  }
  if (request.via === 'keys') {
    return state.keys.has(profile) ? { ok: true } : refuse(l10n.t('this VS Code window does not serve the keys of profile "{0}". Open a new terminal.', profile));
  }
  if (request.via === 'profile') {
    return state.profiles.has(profile)
      ? { ok: true }
      : refuse(l10n.t('this VS Code window does not serve profile "{0}" for --profile (awsProfiles.terminal.profileFlag is "cli" there). Open a new terminal.', profile));
  }
  if (request.terminal !== undefined) {
    if (state.ownTerminals.get(request.terminal) === profile) return { ok: true };
    return refuse(l10n.t('this terminal of profile "{0}" is no longer served by its VS Code window (was the window reloaded?). Open a new one with "AWS Profiles: Open Terminal with Profile…".', profile));
  }
  if (state.active === profile) return { ok: true };
  const now = state.active === undefined ? l10n.t('no profile is') : `"${state.active}" is`;
  return refuse(l10n.t('profile "{0}" is no longer the active profile of this VS Code window ({1}). Open a new terminal, or select "{2}" again.', profile, now, profile));
}

function refuse(message: string): Access {
  return { ok: false, message: message[0].toUpperCase() + message.slice(1) };
}
