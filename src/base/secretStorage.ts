import * as l10n from '@vscode/l10n';

/** The sentence for SecretStorage refusing to keep something (`plural`: credentials, not one sign-in): what still works, and the fix. */
export function secretStorageRefused(e: unknown, o: { what: string; plural: boolean; elsewhere: string }): string {
  const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
  const kept = o.plural
    ? l10n.t("VS Code's secret storage refused to keep {0} ({1}). They are kept in this window's memory only: they work until the window closes or reloads, {2}, and nothing is written to disk.", o.what, reason, o.elsewhere)
    : l10n.t("VS Code's secret storage refused to keep {0} ({1}). It is kept in this window's memory only: it works until the window closes or reloads, {2}, and nothing is written to disk.", o.what, reason, o.elsewhere);
  return `${kept} ${l10n.t('On Linux, install and unlock a keyring (gnome-keyring, KWallet) or set VS Code\'s "password-store" runtime argument.')}`;
}
