import type { Analysis, Diagnostic, FileKind, Location } from '../core';
import type { CredentialStatus } from '../core/credentials/credentials';
import type { InstanceItemView } from '../ec2/instanceList';
import { formatRemaining, lifetimeState } from '../core/credentials/lifetime';
import { chainSummary, hopLabel, hopRow } from '../core/chains/chainText';
import {
  displayPath,
  indexDiagnostics,
  profileFacts,
  type DiagnosticIndex,
  type FilePaths,
  type ProfileKind,
} from './profileFacts';
import type { CommandName } from '../base/contributions';
import * as l10n from '@vscode/l10n';
import type { Guard } from '../core/guard/guardRules';

/** One element of the profiles tree. Profile nodes are kept per analysis, so their identity is stable. */
export type TreeNode =
  | { type: 'readError'; file: FileKind; message: string }
  | { type: 'problem'; diagnostic: Diagnostic }
  | { type: 'warnings'; diagnostics: Diagnostic[] }
  | { type: 'profile'; name: string }
  | { type: 'hop'; profile: string; index: number }
  /** The "EC2 Instances" node under a profile holding credentials (one object per profile and analysis). */
  | { type: 'ec2'; profile: string }
  /** An item under an "EC2 Instances" node, as InstanceNodes describes it. */
  | { type: 'ec2Item'; view: InstanceItemView };

/** Everything a tree item shows, independent of the vscode API (the adapter maps it 1:1). */
export interface ItemView {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: { id: string; color?: string };
  /** Space-separated tokens that menus match with `viewItem =~ /\btoken\b/`. */
  contextValue: string;
  collapsible: 'none' | 'collapsed';
  /** Opened on click. */
  open?: Location;
  /** Run on click (when nothing is opened). */
  run?: { command: CommandName; arguments: unknown[] };
}

/** What is true now besides the files: the active profile, held credentials, the time. */
export interface TreeContext {
  active: string | undefined;
  status(profile: string): CredentialStatus | undefined;
  now: number;
  paths: FilePaths;
  home: string;
  /** Formats an epoch-ms time for tooltips (injected: locale and zone differ). */
  formatTime(epochMs: number): string;
  /** The "EC2 Instances" item of a profile (InstanceNodes.node). */
  ec2Node(profile: string): InstanceItemView;
  /** A profile's guard (awsProfiles.guard), if any. */
  guard?(profile: string): Guard | undefined;
}

/** The icon colour of a guarded profile while it is active. */
const GUARD_COLORS = { red: 'charts.red', orange: 'charts.orange' } as const;

const KIND_ICONS: Record<ProfileKind, string> = {
  static: 'key',
  role: 'shield',
  credential_source: 'server-environment',
  process: 'terminal',
  web_identity: 'globe',
  sso: 'organization',
  login: 'sign-in',
  none: 'circle-slash',
  problem: 'error',
};

/** Markdown-escapes text for a tooltip. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`);
}

/** The tree over one analysis: which nodes exist and what they show. Builds nothing until asked. */
export class TreeModel {
  private readonly profiles = new Map<string, TreeNode & { type: 'profile' }>();
  private readonly ec2Nodes = new Map<string, TreeNode & { type: 'ec2' }>();
  private diagnosticIndex: DiagnosticIndex | undefined;

  constructor(
    readonly analysis: Analysis,
    private readonly readErrors: { file: FileKind; message: string }[] = [],
  ) {}

  private get index(): DiagnosticIndex {
    return (this.diagnosticIndex ??= indexDiagnostics(this.analysis));
  }

  /** The stable node of a profile. */
  profileNode(name: string): (TreeNode & { type: 'profile' }) | undefined {
    if (!this.analysis.model.profiles.has(name)) return undefined;
    let node = this.profiles.get(name);
    if (node === undefined) this.profiles.set(name, (node = { type: 'profile', name }));
    return node;
  }

  /** The stable "EC2 Instances" node of a profile (whether shown or not: see children()). */
  ec2Node(name: string): (TreeNode & { type: 'ec2' }) | undefined {
    if (!this.analysis.model.profiles.has(name)) return undefined;
    let node = this.ec2Nodes.get(name);
    if (node === undefined) this.ec2Nodes.set(name, (node = { type: 'ec2', profile: name }));
    return node;
  }

  /** Top level: unreadable files, file rejections, other warnings (grouped), then every profile. */
  roots(): TreeNode[] {
    const out: TreeNode[] = this.readErrors.map((e) => ({ type: 'readError' as const, ...e }));
    for (const d of this.index.fileLevel) out.push({ type: 'problem', diagnostic: d });
    if (this.index.other.length > 0) out.push({ type: 'warnings', diagnostics: this.index.other });
    for (const name of this.analysis.model.profiles.keys()) out.push(this.profileNode(name)!);
    return out;
  }

  /**
   * A node's children: a profile's problems, its chain hop by hop (roles only) and, while it holds
   * credentials, its "EC2 Instances" node. The items under that node come from InstanceNodes.
   */
  children(node: TreeNode, isHeld: (profile: string) => boolean = () => false): TreeNode[] {
    if (node.type === 'warnings') return node.diagnostics.map((diagnostic) => ({ type: 'problem', diagnostic }));
    if (node.type !== 'profile') return [];
    const out: TreeNode[] = (this.index.byProfile.get(node.name) ?? []).map((diagnostic) => ({ type: 'problem', diagnostic }));
    const chain = this.analysis.plans.get(node.name)?.chain ?? [];
    if (chain.some((h) => h.kind === 'assume_role')) chain.forEach((_, index) => out.push({ type: 'hop', profile: node.name, index }));
    if (isHeld(node.name)) out.push(this.ec2Node(node.name)!);
    return out;
  }

  view(node: TreeNode, ctx: TreeContext): ItemView {
    switch (node.type) {
      case 'readError':
        return {
          id: `readError:${node.file}`,
          label: node.message,
          icon: { id: 'error', color: 'list.errorForeground' },
          contextValue: 'readError',
          collapsible: 'none',
          tooltip: md(node.message),
        };
      case 'problem':
        return this.problemView(node.diagnostic, ctx);
      case 'warnings':
        return {
          id: 'warnings',
          label: `${node.diagnostics.length} warning${node.diagnostics.length === 1 ? '' : 's'}`,
          description: l10n.t('sections the AWS CLI reads differently than written'),
          icon: { id: 'warning', color: 'list.warningForeground' },
          contextValue: 'warnings',
          collapsible: 'collapsed',
        };
      case 'profile':
        return this.profileView(node.name, ctx);
      case 'hop':
        return this.hopView(node.profile, node.index, ctx);
      case 'ec2Item':
        return instanceItemView(node.view);
      case 'ec2':
        return instanceItemView(ctx.ec2Node(node.profile));
    }
  }

  private problemView(d: Diagnostic, ctx: TreeContext): ItemView {
    const file = displayPath(ctx.paths[d.file], ctx.home);
    return {
      id: `problem:${d.file}:${d.line}:${d.code}:${d.profile ?? ''}`,
      label: d.message,
      description: `${file}:${d.line}`,
      tooltip: l10n.t('{0}\n\n**Fix:** {1}\n\n{2}, line {3} (click to open)', md(d.message), md(d.fix), md(file), d.line),
      icon: d.severity === 'error' ? { id: 'error', color: 'list.errorForeground' } : { id: 'warning', color: 'list.warningForeground' },
      contextValue: 'problem',
      collapsible: 'none',
      open: { file: d.file, line: d.line },
    };
  }

  private profileView(name: string, ctx: TreeContext): ItemView {
    const status = ctx.status(name);
    const facts = profileFacts(this.analysis, name, status)!;
    const plan = this.analysis.plans.get(name)!;
    const isActive = ctx.active === name;
    const state = lifetimeState(status?.expiresAt, ctx.now);

    const description = [facts.region ?? ''];
    if (status) description.push(status.expiresAt === null ? l10n.t('long-term keys') : formatRemaining(status.expiresAt - ctx.now, 'long'));
    else if (facts.kind === 'problem') description.push('problem');

    const guard = ctx.guard?.(name);
    let color: string | undefined;
    if (facts.kind === 'problem') color = 'list.errorForeground';
    else if (isActive && guard) color = GUARD_COLORS[guard.color];
    else if (state === 'expired' || state === 'warning') color = 'list.warningForeground';
    else if (isActive) color = 'charts.green';
    else if (status) color = 'charts.blue';

    const tokens = ['profile', facts.kind];
    if (facts.isUsable) tokens.push('usable');
    if (status) tokens.push('held');
    if (isActive) tokens.push('active');
    if (guard) tokens.push('guarded');

    const lines = [`**${md(name)}** · ${md(facts.kindLabel)}${isActive ? ' · active' : ''}`, ''];
    const row = (label: string, value: string | undefined, code = false) => {
      if (value !== undefined) lines.push(`${label}: ${code ? '`' + value.replace(/`/g, '') + '`' : md(value)}  `);
    };
    row('Account', status?.identity?.account ?? facts.account);
    row('Role', facts.roleArn, true);
    if (status?.identity) row(l10n.t('Acting as'), status.identity.arn, true);
    row('Source', facts.source);
    row(l10n.t('MFA device'), facts.mfaSerial, true);
    if (facts.needsExternalId) row(l10n.t('External id'), 'required');
    row('Region', facts.region);
    if (plan.chain.length > 0) row('Chain', chainSummary(plan.chain));
    if (status) {
      row('Credentials', status.expiresAt === null ? l10n.t('long-term keys') : state === 'expired' ? l10n.t('expired at {0}', ctx.formatTime(status.expiresAt)) : l10n.t('expire at {0} ({1})', ctx.formatTime(status.expiresAt), formatRemaining(status.expiresAt - ctx.now, 'long')));
    }
    if (guard) row('Guarded', [guard.color, guard.confirm ? l10n.t('asks before acting as it') : '', guard.maxActiveMinutes === undefined ? '' : l10n.t('{0} min at most', guard.maxActiveMinutes)].filter(Boolean).join(', '));
    if (facts.problem) row('Problem', facts.problem);
    if (facts.location) row(l10n.t('Defined in'), `${displayPath(ctx.paths[facts.location.file], ctx.home)}, line ${facts.location.line}`);

    // Held credentials add the "EC2 Instances" node.
    const hasChildren = plan.chain.some((h) => h.kind === 'assume_role') || this.index.byProfile.has(name) || status !== undefined;
    return {
      id: `profile:${name}`,
      label: name,
      description: description.filter((s) => s !== '').join(' · ') || undefined,
      tooltip: lines.join('\n'),
      icon: { id: KIND_ICONS[facts.kind], color },
      contextValue: tokens.join(' '),
      collapsible: hasChildren ? 'collapsed' : 'none',
    };
  }

  private hopView(profile: string, index: number, ctx: TreeContext): ItemView {
    const chain = this.analysis.plans.get(profile)!.chain;
    const hop = chain[index];
    const entry = this.analysis.model.profiles.get(hop.profile);
    const at = entry?.config ?? entry?.credentials ?? undefined;
    const open = at ? { file: at.file, line: at.line } : undefined;
    const where = open ? `${displayPath(ctx.paths[open.file], ctx.home)}:${open.line}` : undefined;
    const row = hopRow(hop);
    if (hop.kind === 'assume_role') {
      const next = hop.source_profile ?? hop.credential_source ?? '?';
      const lines = [l10n.t('**{0}** assumes `{1}` with the credentials of **{2}**', md(hop.profile), hop.role_arn, md(next)), ''];
      if (hop.mfa_serial) lines.push(l10n.t('MFA device: `{0}`  ', hop.mfa_serial));
      if (hop.external_id !== null) lines.push(l10n.t('External id: set in the profile  '));
      if (hop.duration_seconds !== null) lines.push(`Session: ${hop.duration_seconds} s  `);
      if (where) lines.push(l10n.t('Defined in {0}', md(where)));
      return {
        id: `profile:${profile}/hop:${index}`,
        label: row.label,
        description: row.description,
        tooltip: lines.join('\n'),
        icon: { id: hop.mfa_serial ? 'lock' : 'arrow-down' },
        contextValue: 'hop',
        collapsible: 'none',
        open,
      };
    }
    return {
      id: `profile:${profile}/hop:${index}`,
      label: row.label,
      description: row.description,
      tooltip: `**${md(hop.profile)}**: ${md(hopLabel(hop))}${where ? l10n.t('\n\nDefined in {0}', md(where)) : ''}`,
      icon: { id: KIND_ICONS[hop.kind === 'static' ? 'static' : hop.kind] },
      contextValue: l10n.t('hop base'),
      collapsible: 'none',
      open,
    };
  }
}

/**
 * An item of the EC2 part ("EC2 Instances", an instance, "Load more…", an error) as the adapter
 * draws every item: "Load more…" and an error item (a retry) run the load-more command on click.
 */
export function instanceItemView(view: InstanceItemView): ItemView {
  const item: ItemView = {
    id: view.id,
    label: view.label,
    description: view.description,
    tooltip: view.tooltip,
    icon: view.icon,
    contextValue: view.contextValue,
    collapsible: view.collapsible,
  };
  if (view.action === 'loadMore') item.run = { command: 'loadMoreEc2Instances', arguments: [view.profile] };
  return item;
}
