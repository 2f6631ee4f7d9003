/** The sentence for SecretStorage refusing to keep something: what still works, and the fix. */
export function secretStorageRefused(e: unknown, o: { what: string; kept: 'They are' | 'It is'; elsewhere: string }): string {
  const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return (
    `VS Code's secret storage refused to keep ${o.what} (${reason}). ${o.kept} kept in this window's memory only: ` +
    `${o.kept === 'It is' ? 'it works' : 'they work'} until the window closes or reloads, ${o.elsewhere}, and nothing is written to disk. ` +
    'On Linux, install and unlock a keyring (gnome-keyring, KWallet) or set VS Code\'s "password-store" runtime argument.'
  );
}
