import type { StateStore } from '../core/credentials/credentials';

/** globalState key: account names by id, as IAM Identity Center's account list gave them. */
const ACCOUNT_NAMES_KEY = 'awsProfiles.accountNames.v1';

/**
 * The names of accounts, where the extension learned them: IAM Identity Center lists each account
 * with its name ("Add Profiles from IAM Identity Center…"). Kept in globalState (names and ids only,
 * nothing secret) for the guards, which show an account's name beside its id and propose a guard for
 * an account whose name looks like production.
 */
export class AccountNames {
  constructor(private readonly state: StateStore) {}

  /** The name of an account, if known. */
  get(id: string): string | undefined {
    const name = this.all()[id];
    return typeof name === 'string' && name !== '' && name !== id ? name : undefined;
  }

  /** Notes the names of accounts just listed (the latest name of an account wins). */
  async note(names: ReadonlyMap<string, string>): Promise<void> {
    const all = { ...this.all() };
    let changed = false;
    for (const [id, given] of names) {
      // Shown in the status bar and a modal: one line, of a sensible length.
      const name = [...given].map((c) => (c < ' ' || c === '\u007f' ? ' ' : c)).join('').trim().slice(0, 64);
      if (all[id] === name) continue;
      all[id] = name;
      changed = true;
    }
    if (changed) await this.state.update(ACCOUNT_NAMES_KEY, all);
  }

  private all(): Record<string, unknown> {
    const stored = this.state.get<unknown>(ACCOUNT_NAMES_KEY);
    return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  }
}
