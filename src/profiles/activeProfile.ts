import type { StateStore } from '../core/credentials/credentials';
import { touchRecent } from './pickerModel';

const ACTIVE_KEY = 'awsProfiles.activeProfile.v1';
const RECENT_KEY = 'awsProfiles.recentProfiles.v1';

/**
 * The active profile of this workspace (kept in workspaceState) and the recently used profiles
 * (kept in globalState, shared by all windows, for the picker's order). No secrets: names only.
 */
export class ActiveProfile {
  private readonly listeners = new Set<(name: string | undefined) => void>();

  constructor(
    private readonly workspaceState: StateStore,
    private readonly globalState: StateStore,
  ) {}

  get name(): string | undefined {
    return this.workspaceState.get<string>(ACTIVE_KEY) || undefined;
  }

  /** Whether this workspace ever chose (a profile, or "No profile"): a window that never did starts with `awsProfiles.defaultProfile`. */
  get chosen(): boolean {
    return this.workspaceState.get<string>(ACTIVE_KEY) !== undefined;
  }

  recent(): string[] {
    return this.globalState.get<string[]>(RECENT_KEY) ?? [];
  }

  /** Notes a use of a profile (any command on it), for the picker's order. */
  async touch(name: string): Promise<void> {
    await this.globalState.update(RECENT_KEY, touchRecent(this.recent(), name));
  }

  /** Selects a profile (or none) for this workspace, and tells the listeners when it changed. */
  async set(name: string | undefined): Promise<void> {
    if (name !== undefined) await this.touch(name);
    const changed = name !== this.name;
    if (!changed && this.chosen) return;
    // "No profile" is kept as '' so that the choice itself is remembered (see chosen).
    await this.workspaceState.update(ACTIVE_KEY, name ?? '');
    if (changed) for (const l of this.listeners) l(name);
  }

  onDidChange(listener: (name: string | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
