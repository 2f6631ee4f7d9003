import type { StateStore } from '../core/credentials/credentials';
import { CancelledError, UserError } from '../core/common/errors';
import type { InstancePage } from '../aws/ec2/ec2Gateway';
import { INSTANCE_PAGE_SIZE, InstanceList, isRegionName, type InstanceItemView, type InstanceListTarget, type PageRequest } from './instanceList';
import { silentLogger, type Logger } from '../core/common/logger';
import { hasOwn, setOwn } from '../core/common/objects';
import * as l10n from '@vscode/l10n';

/** What the EC2 nodes need of the network: implemented by InstanceLister (src/ec2/instanceLister.ts). */
export interface InstancePager {
  /** Where a profile's listing goes (no network): region and endpoint, or why it cannot be listed. */
  target(profile: string, region?: string): InstanceListTarget | { problem: string };
  /** One page of the profile's instances. Fails with a UserError (or a CancelledError when the user cancelled). */
  page(profile: string, request: { region?: string; nextToken?: string; maxResults: number }): Promise<InstancePage>;
}

/** Options of the EC2 nodes. */
export interface InstanceNodesOptions {
  /** Instances per page (default 100; EC2 accepts 5 to 1000). */
  pageSize?: number;
  /** Remembers the region chosen per profile across restarts (globalState fits). */
  state?: StateStore;
  /** Where unexpected failures (bugs, not UserErrors) are logged with their stack. */
  logger?: Logger;
}

/** The StateStore key of the regions chosen per profile. */
export const EC2_REGIONS_KEY = 'awsProfiles.ec2.regions.v1';

/**
 * The "EC2 Instances" node of every profile: fetched when first expanded, page by page, with
 * refresh, region change and load-more; failures become one item under the node. The tree adapter
 * renders `node()` and `children()` and re-renders a profile's node when `onDidChange` fires with it.
 */
export class InstanceNodes {
  private readonly lists = new Map<string, InstanceList>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(profile: string) => void>();
  private readonly pageSize: number;
  private readonly logger: Logger;

  constructor(
    private readonly pager: InstancePager,
    private readonly options: InstanceNodesOptions = {},
  ) {
    this.pageSize = options.pageSize ?? INSTANCE_PAGE_SIZE;
    this.logger = options.logger ?? silentLogger;
  }

  /** The "EC2 Instances" item of a profile. */
  node(profile: string): InstanceItemView {
    const list = this.list(profile);
    return list.nodeView(this.pager.target(profile, list.regionOverride));
  }

  /** The items under a profile's node; the first call starts fetching the first page. */
  children(profile: string): InstanceItemView[] {
    const list = this.list(profile);
    if (list.status === 'idle') void this.fetch(list, false);
    const target = this.pager.target(profile, list.regionOverride);
    return list.items('problem' in target ? undefined : target.region);
  }

  /** Fetches the next page ("Load more…"), or tries again after a failure. Resolves when it has landed. */
  loadMore(profile: string): Promise<void> {
    return this.fetch(this.list(profile), true);
  }

  /** Forgets what was fetched and fetches the first page again. */
  refresh(profile: string): Promise<void> {
    const list = this.list(profile);
    list.reset();
    return this.fetch(list, true);
  }

  /** The region chosen for a profile's node, undefined when it follows the profile. */
  regionOverride(profile: string): string | undefined {
    return this.list(profile).regionOverride;
  }

  /** The region the node lists now (chosen, else the profile's), undefined when it cannot be resolved. */
  region(profile: string): string | undefined {
    const target = this.pager.target(profile, this.list(profile).regionOverride);
    return 'problem' in target ? undefined : target.region;
  }

  /** Lists another region (undefined: the profile's own again), remembered across restarts. A UserError for a name that is not a region. */
  async setRegion(profile: string, region: string | undefined): Promise<void> {
    if (region !== undefined && !isRegionName(region)) throw new UserError(l10n.t('"{0}" is not a region name such as eu-west-1.', region), 'ec2.RegionName');
    const list = this.list(profile);
    list.setRegion(region);
    await this.remember(profile, region);
    return this.fetch(list, true);
  }

  /**
   * Credentials of a profile changed (refreshed, cleared, another window): a list stopped by an
   * error starts over, so that "Refresh Credentials" fixes an expired-credentials item by itself.
   */
  credentialsChanged(profile: string): void {
    const list = this.lists.get(profile);
    if (list?.status !== 'failed') return;
    list.reset();
    this.fire(profile);
  }

  /** Drops a profile's list (its node is gone); the region chosen for it is kept. */
  forget(profile: string): void {
    this.lists.get(profile)?.reset();
    this.lists.delete(profile);
    this.pending.delete(profile);
  }

  /** Resolves when the profile's page in flight (if any) has landed: for tests and callers that wait. */
  settled(profile: string): Promise<void> {
    return this.pending.get(profile) ?? Promise.resolve();
  }

  /** Fires with the profile whose node (item or children) changed. */
  onDidChange(listener: (profile: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.listeners.clear();
    for (const list of this.lists.values()) list.reset();
    this.lists.clear();
  }

  private list(profile: string): InstanceList {
    let list = this.lists.get(profile);
    if (list === undefined) {
      const all = this.options.state?.get<Record<string, string>>(EC2_REGIONS_KEY);
      const remembered = all && hasOwn(all, profile) ? all[profile] : undefined;
      this.lists.set(profile, (list = new InstanceList(profile, typeof remembered === 'string' ? remembered : undefined)));
    }
    return list;
  }

  /** Starts the next page unless one is in flight; `announce` fires a change for the loading item. */
  private fetch(list: InstanceList, announce: boolean): Promise<void> {
    const request = list.next();
    if (request === undefined) return this.settled(list.profile);
    if (announce) this.fire(list.profile);
    const done = this.perform(list, request).finally(() => {
      if (this.pending.get(list.profile) === done) this.pending.delete(list.profile);
    });
    this.pending.set(list.profile, done);
    return done;
  }

  private async perform(list: InstanceList, request: PageRequest): Promise<void> {
    let changed: boolean;
    try {
      const page = await this.pager.page(list.profile, { region: request.region, nextToken: request.nextToken, maxResults: this.pageSize });
      changed = list.accept(request, page);
    } catch (e) {
      changed = list.fail(request, this.failureOf(list.profile, e));
    }
    // A stale answer (refresh or region change meanwhile) changes nothing and says nothing.
    if (changed && this.lists.get(list.profile) === list) this.fire(list.profile);
  }

  private failureOf(profile: string, error: unknown): { message: string; code: string } {
    if (error instanceof CancelledError) return { message: l10n.t('Not listed: cancelled.'), code: 'cancelled' };
    if (error instanceof UserError) return { message: error.message, code: error.code };
    const e = error instanceof Error ? error : new Error(String(error));
    this.logger.error(`Listing the EC2 instances of profile "${profile}" failed unexpectedly: ${e.stack ?? e.message}`);
    return { message: l10n.t('Listing the EC2 instances of profile "{0}" failed unexpectedly ({1}). The AWS Profiles log has the details.', profile, e.message), code: 'unexpected' };
  }

  private async remember(profile: string, region: string | undefined): Promise<void> {
    const state = this.options.state;
    if (!state) return;
    const all: Record<string, string> = {};
    for (const [name, value] of Object.entries(state.get<Record<string, string>>(EC2_REGIONS_KEY) ?? {})) if (name !== profile) setOwn(all, name, value);
    if (region !== undefined) setOwn(all, profile, region);
    await state.update(EC2_REGIONS_KEY, all);
  }

  private fire(profile: string): void {
    for (const listener of [...this.listeners]) listener(profile);
  }
}
