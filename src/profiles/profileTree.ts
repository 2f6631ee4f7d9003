import * as vscode from 'vscode';
import type { CredentialService } from '../core/credentials/credentials';
import type { Clock } from '../core/credentials/credentials';
import type { InstanceNodes } from '../ec2/instanceNodes';
import type { Guard } from '../core/guard/guardRules';
import type { ActiveProfile } from './activeProfile';
import { COMMANDS } from '../base/contributions';
import type { ProfileCatalog } from './profileCatalog';
import { TreeModel, type TreeContext, type TreeNode } from './treeModel';
import type { KeyItemView } from '../core/keys/keyViews';

/** The items under profiles with IAM user keys (src/keys/keyNodes.ts fits). */
export interface KeyDetails {
  children(profile: string): KeyItemView[];
  keyAge(profile: string): { text: string; mark?: string } | undefined;
}

/** How often the remaining lifetimes in the tree are redrawn. */
const TICK_MS = 30_000;

/**
 * The Profiles view: a thin adapter from the TreeModel of the last read files (and InstanceNodes
 * for the "EC2 Instances" nodes) to TreeItems. Reads nothing and shows no message; items are built
 * only when VS Code asks for them.
 */
export class ProfileTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private model: TreeModel | undefined;
  /** The model last listed at the root, so that its log line is written once. */
  private shown: TreeModel | undefined;
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** Profiles seen holding credentials, whose countdown is redrawn (not all 5,000). */
  private readonly held = new Set<string>();
  /** Profiles whose "EC2 Instances" node is shown: their lists are forgotten when it goes away. */
  private readonly withEc2 = new Set<string>();
  private readonly ticker: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];

  constructor(
    private readonly catalog: ProfileCatalog,
    private readonly credentials: CredentialService,
    private readonly active: ActiveProfile,
    private readonly clock: Clock,
    private readonly instances: InstanceNodes,
    private readonly log: vscode.LogOutputChannel,
    /** A profile's guard (src/guard), if any. */
    private readonly guard?: (profile: string) => Guard | undefined,
    /** The key items of profiles with IAM user keys (src/keys). */
    private readonly keys?: KeyDetails,
  ) {
    this.subscriptions.push(
      catalog.onDidChange(() => {
        this.model = undefined;
        const { profiles } = catalog.snapshot.analysis.model;
        for (const p of this.withEc2) if (!profiles.has(p)) this.forgetEc2(p);
        this.emitter.fire(undefined);
      }),
      instances.onDidChange((p) => {
        const node = this.withEc2.has(p) ? this.model?.ec2Node(p) : undefined;
        if (node) this.emitter.fire(node);
      }),
      credentials.onDidChange((p) => {
        // Credentials gone (cleared, expired elsewhere): so is the EC2 node, even if VS Code never asks again.
        if (this.withEc2.has(p) && credentials.status(p) === undefined) this.forgetEc2(p);
        this.refreshProfile(p);
      }),
      active.onDidChange(() => this.emitter.fire(undefined)),
    );
    this.ticker = setInterval(() => {
      for (const p of this.held) this.refreshProfile(p);
    }, TICK_MS);
  }

  private current(): TreeModel {
    const { analysis, readErrors } = this.catalog.snapshot;
    if (this.model?.analysis !== analysis) this.model = new TreeModel(analysis, readErrors);
    return this.model;
  }

  /** Redraws every item (the guards changed). */
  refresh(): void {
    this.emitter.fire(undefined);
  }

  /** Redraws one profile's item (its credentials changed or its countdown ticked). */
  refreshProfile(name: string): void {
    const node = this.model?.profileNode(name);
    if (node) this.emitter.fire(node);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node === undefined) {
      await this.catalog.ready();
      const model = this.current();
      const roots = model.roots();
      const gc = (globalThis as { gc?: () => void }).gc;
      if (this.shown !== model && gc) {
        // Only where the extension host runs with --expose-gc, which `npm run bench` gives it and VS Code
        // never does: one line per load with the heap once the profiles are read and listed (what the
        // bench reads for memory.heap5000Mb). A second later: by then VS Code has asked for every
        // listed item and dropped those of the previous load, which it holds until now.
        this.shown = model;
        const count = model.analysis.model.profiles.size;
        setTimeout(() => {
          gc();
          const heapMb = process.memoryUsage().heapUsed / (1024 * 1024);
          this.log.info(`profiles shown: ${count} profiles, heap ${heapMb.toFixed(1)} MB`);
        }, 1_000).unref();
      }
      return roots;
    }
    if (node.type === 'ec2') return this.instances.children(node.profile).map((view) => ({ type: 'ec2Item', view }));
    const model = this.current();
    const children = model.children(node, (p) => this.credentials.status(p) !== undefined);
    if (node.type === 'profile' && this.keys && model.isLongTermKey(node.name)) {
      // The key's own items first (asked of IAM on this first expansion), then the rest.
      children.unshift(...this.keys.children(node.name).map((view) => ({ type: 'keyItem' as const, view })));
    }
    if (node.type === 'profile') {
      if (children.some((c) => c.type === 'ec2')) this.withEc2.add(node.name);
      else if (this.withEc2.has(node.name)) this.forgetEc2(node.name);
    }
    return children;
  }

  private forgetEc2(profile: string): void {
    this.withEc2.delete(profile);
    this.instances.forget(profile);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const { paths } = this.catalog.snapshot;
    const ctx: TreeContext = {
      active: this.active.name,
      status: (p) => this.credentials.status(p),
      now: this.clock.now(),
      paths,
      home: this.catalog.home,
      formatTime: (ms) => new Date(ms).toLocaleTimeString(),
      ec2Node: (p) => this.instances.node(p),
      guard: this.guard,
      keyAge: this.keys?.keyAge.bind(this.keys),
    };
    const view = this.current().view(node, ctx);
    if (node.type === 'profile') {
      if (view.contextValue.includes('held')) this.held.add(node.name);
      else this.held.delete(node.name);
    }
    const item = new vscode.TreeItem(
      view.label,
      view.collapsible === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    // Problems have no stable identity of their own (two may share a line): only profiles, hops and EC2 items keep theirs.
    if (node.type !== 'problem' && node.type !== 'readError' && node.type !== 'warnings') item.id = view.id;
    item.description = view.description;
    item.contextValue = view.contextValue;
    item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
    if (view.tooltip) item.tooltip = new vscode.MarkdownString(view.tooltip, true);
    if (view.open) {
      item.command = { command: COMMANDS.openDefinition.id, title: COMMANDS.openDefinition.title, arguments: [view.open] };
    } else if (view.run) {
      const { id, title } = COMMANDS[view.run.command];
      item.command = { command: id, title, arguments: view.run.arguments };
    }
    return item;
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const d of this.subscriptions) d.dispose();
  }
}
