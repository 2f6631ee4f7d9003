import { isRegionName, REGIONS } from '../core/endpoints/regions';
import type { InstancePage, InstanceStateName, InstanceSummary } from '../aws/ec2/ec2Gateway';
import * as l10n from '@vscode/l10n';

/** Instances fetched per page ("Load more…" fetches the next page). */
export const INSTANCE_PAGE_SIZE = 100;

/** A codicon id and an optional theme colour id, as ThemeIcon takes them. */
export interface IconView {
  id: string;
  color?: string;
}

const STATE_ICONS: Record<InstanceStateName, IconView> = {
  running: { id: 'vm-running', color: 'charts.green' },
  pending: { id: 'vm-active', color: 'charts.yellow' },
  stopping: { id: 'vm-active', color: 'charts.orange' },
  stopped: { id: 'vm-outline' },
  'shutting-down': { id: 'vm-active', color: 'charts.red' },
  terminated: { id: 'circle-slash', color: 'disabledForeground' },
};

/** The icon of an instance state (a plain `vm` for a state EC2 may add later). */
export function stateIcon(state: string): IconView {
  return Object.prototype.hasOwnProperty.call(STATE_ICONS, state) ? STATE_ICONS[state as InstanceStateName] : { id: 'vm' };
}

/** What the items under an "EC2 Instances" node are (one token each, for `viewItem` menus). */
export type InstanceItemKind = 'ec2Instances' | 'ec2Instance' | 'ec2Loading' | 'ec2LoadMore' | 'ec2Empty' | 'ec2Error';

/**
 * Everything a tree item of the EC2 part shows, independent of the vscode API (the same fields as
 * the profiles tree's ItemView, so one adapter maps both). `action: 'loadMore'` means a click runs
 * the load-more command (on "Load more…", and on an error item, where it retries).
 */
export interface InstanceItemView {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: IconView;
  contextValue: InstanceItemKind;
  collapsible: 'none' | 'collapsed';
  /** The profile whose node this item belongs to. */
  profile: string;
  /** Set on instances: what "Copy Instance Id" copies. */
  instanceId?: string;
  /** Set on "Load more…" and error items. */
  action?: 'loadMore';
}

/** Where the listing goes, as resolveServiceTarget answers, for the node's description and tooltip. */
export interface InstanceListTarget {
  region: string;
  regionFrom: string;
  endpoint: string;
  endpointFrom: string;
}

/** Where the list is: never fetched, fetching a page, showing what it has, or stopped by an error. */
export type InstanceListStatus = 'idle' | 'loading' | 'loaded' | 'failed';

/** A page the list asked for; hand it back with the answer (answers to older requests are dropped). */
export interface PageRequest {
  readonly generation: number;
  /** The region chosen for this node, if any (else the profile's). */
  readonly region: string | undefined;
  readonly nextToken: string | undefined;
}

/** Why a fetch stopped, as one item shows it. */
export interface ListFailure {
  message: string;
  /** A UserError code ('ec2.UnauthorizedOperation', 'cancelled', …). */
  code: string;
}

/**
 * The state of one profile's "EC2 Instances" node: the region override, the instances fetched so
 * far and the token of the next page, and what went wrong. Pure: a controller asks it for the next
 * request, performs it and hands back the page or the failure; answers to a request made before a
 * refresh or a region change are ignored, so a slow page never lands in the wrong list.
 */
export class InstanceList {
  private generation = 0;
  private fetched: InstanceSummary[] = [];
  private seen = new Set<string>();
  private token: string | undefined;
  private state: InstanceListStatus = 'idle';
  private failure: ListFailure | undefined;

  constructor(
    readonly profile: string,
    /** The region chosen for this node; undefined follows the profile. */
    private override: string | undefined = undefined,
  ) {}

  get status(): InstanceListStatus {
    return this.state;
  }

  get regionOverride(): string | undefined {
    return this.override;
  }

  get instances(): readonly InstanceSummary[] {
    return this.fetched;
  }

  /** True while another page can be fetched. */
  get hasMore(): boolean {
    return this.token !== undefined;
  }

  get error(): ListFailure | undefined {
    return this.failure;
  }

  /**
   * The next page to fetch, marking the list as loading: the first page when idle (or when the first
   * page failed), else the page after the last one (also after a failed "Load more…"). Undefined
   * while a page is in flight or when everything is loaded.
   */
  next(): PageRequest | undefined {
    if (this.state === 'loading') return undefined;
    if (this.state === 'loaded' && this.token === undefined) return undefined;
    if (this.state === 'failed' && this.fetched.length === 0 && this.token === undefined) this.clear();
    this.state = 'loading';
    this.failure = undefined;
    return { generation: this.generation, region: this.override, nextToken: this.token };
  }

  /** Adds a fetched page; false (and nothing changes) when the request is stale. */
  accept(request: PageRequest, page: InstancePage): boolean {
    if (request.generation !== this.generation || this.state !== 'loading') return false;
    for (const instance of page.instances) {
      // Tree item ids must be unique: an instance repeated across pages is shown once.
      if (this.seen.has(instance.instanceId)) continue;
      this.seen.add(instance.instanceId);
      this.fetched.push(instance);
    }
    this.token = page.nextToken || undefined;
    this.state = 'loaded';
    return true;
  }

  /** Records why a fetch failed; false when the request is stale. What was loaded stays. */
  fail(request: PageRequest, failure: ListFailure): boolean {
    if (request.generation !== this.generation || this.state !== 'loading') return false;
    this.state = 'failed';
    this.failure = failure;
    return true;
  }

  /** Forgets everything fetched (a refresh): the next `next()` asks for the first page again. */
  reset(): void {
    this.generation++;
    this.clear();
  }

  /** Chooses another region (undefined: back to the profile's) and forgets what was fetched. */
  setRegion(region: string | undefined): void {
    this.override = region;
    this.reset();
  }

  private clear(): void {
    this.fetched = [];
    this.seen = new Set();
    this.token = undefined;
    this.state = 'idle';
    this.failure = undefined;
  }

  /** The "EC2 Instances" node itself. */
  nodeView(target: InstanceListTarget | { problem: string }): InstanceItemView {
    const count = this.fetched.length;
    const loadedText = count > 0 || this.state === 'loaded' ? `${count}${this.token !== undefined ? '+' : ''}` : '';
    const region = 'problem' in target ? this.override : target.region;
    const lines = [l10n.t('**EC2 instances** of profile **{0}**', md(this.profile)), ''];
    if ('problem' in target) lines.push(md(target.problem));
    else {
      lines.push(`Region: ${md(target.region)} (${md(regionSource(target.regionFrom))})  `);
      lines.push(`Endpoint: \`${target.endpoint.replace(/`/g, '')}\`${target.endpointFrom === 'regional' ? '' : ` (from ${md(endpointSource(target.endpointFrom))})`}  `);
      if (this.state !== 'idle') lines.push(`Loaded: ${count} instance${count === 1 ? '' : 's'}${this.token !== undefined ? l10n.t(', more available') : ''}`);
    }
    return {
      id: `ec2:${this.profile}`,
      label: 'EC2 Instances',
      description: [region, loadedText].filter((s) => s !== undefined && s !== '').join(' · ') || undefined,
      tooltip: lines.join('\n'),
      icon: { id: 'server' },
      contextValue: 'ec2Instances',
      collapsible: 'collapsed',
      profile: this.profile,
    };
  }

  /**
   * The items under the node: the instances, then one of "Loading…", "Load more…", or the error
   * (always a single item, never a pop-up); "No instances in <region>" when the region has none.
   */
  items(region: string | undefined): InstanceItemView[] {
    const base = `ec2:${this.profile}`;
    const out = this.fetched.map((i) => instanceView(this.profile, i));
    const where = region ?? this.override;
    if (this.state === 'idle' || this.state === 'loading') {
      out.push({
        id: `${base}:loading`,
        label: out.length === 0 ? l10n.t('Loading instances…') : l10n.t('Loading more instances…'),
        description: where,
        icon: { id: 'loading~spin' },
        contextValue: 'ec2Loading',
        collapsible: 'none',
        profile: this.profile,
      });
    } else if (this.state === 'failed' && this.failure) {
      const retry = this.failure.code === 'cancelled' ? l10n.t('Click to try again.') : l10n.t('Click to try again, or use Refresh on the node.');
      out.push({
        id: `${base}:error`,
        label: this.failure.message,
        tooltip: `${md(this.failure.message)}\n\n${retry}`,
        icon: this.failure.code === 'cancelled' ? { id: 'info' } : { id: 'error', color: 'list.errorForeground' },
        contextValue: 'ec2Error',
        collapsible: 'none',
        profile: this.profile,
        action: 'loadMore',
      });
    } else if (this.token !== undefined) {
      out.push({
        id: `${base}:more`,
        label: l10n.t('Load more…'),
        description: `${this.fetched.length} shown`,
        tooltip: l10n.t('Fetch the next {0} instances', INSTANCE_PAGE_SIZE),
        icon: { id: 'ellipsis' },
        contextValue: 'ec2LoadMore',
        collapsible: 'none',
        profile: this.profile,
        action: 'loadMore',
      });
    } else if (this.fetched.length === 0) {
      out.push({
        id: `${base}:empty`,
        label: where ? l10n.t('No instances in {0}', where) : l10n.t('No instances'),
        tooltip: l10n.t('Use Change Region on the node to look in another region.'),
        icon: { id: 'info' },
        contextValue: 'ec2Empty',
        collapsible: 'none',
        profile: this.profile,
      });
    }
    return out;
  }
}

/** An instance's item: the Name tag (else the id) as the label; id, type and private IP after it. */
export function instanceView(profile: string, i: InstanceSummary): InstanceItemView {
  const details = [i.name !== undefined ? i.instanceId : undefined, i.instanceType, i.privateIpAddress].filter((s): s is string => !!s);
  const lines = [`**${md(i.name ?? i.instanceId)}**${i.name !== undefined ? ` · \`${i.instanceId}\`` : ''}`, ''];
  const row = (label: string, value: string | undefined) => {
    if (value) lines.push(`${label}: ${md(value)}  `);
  };
  row('State', i.state);
  row('Type', i.instanceType);
  row(l10n.t('Private IP'), i.privateIpAddress);
  row(l10n.t('Availability zone'), i.availabilityZone);
  if (i.launchTime !== undefined && Number.isFinite(i.launchTime)) row('Launched', new Date(i.launchTime).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  return {
    id: `ec2:${profile}:${i.instanceId}`,
    label: i.name ?? i.instanceId,
    description: details.join(' · ') || undefined,
    tooltip: lines.join('\n'),
    icon: stateIcon(i.state),
    contextValue: 'ec2Instance',
    collapsible: 'none',
    profile,
    instanceId: i.instanceId,
  };
}

function regionSource(from: string): string {
  switch (from) {
    case 'override':
      return l10n.t('chosen for this view');
    case 'profile':
      return l10n.t('the profile\'s region');
    case 'default':
      return l10n.t('no region set: the default');
    default:
      return `from ${from}`;
  }
}

function endpointSource(from: string): string {
  return from === 'services' ? l10n.t('the profile\'s services section') : from === 'endpoint_url' ? l10n.t('the profile\'s endpoint_url') : from;
}

/** Markdown-escapes text for a tooltip. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** Commercial regions offered by "Change Region…" (any other region name may be typed). */
export const EC2_REGIONS: readonly string[] = /* @__PURE__ */ REGIONS.filter((r) => r.partition === 'aws').map((r) => r.code);

export { isRegionName };
