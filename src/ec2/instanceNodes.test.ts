import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError, UserError } from '../core/common/errors';
import type { InstancePage, InstanceSummary } from '../aws/ec2/ec2Gateway';
import type { InstanceListTarget } from './instanceList';
import { EC2_REGIONS_KEY, InstanceNodes, type InstancePager } from './instanceNodes';
import type { Logger } from '../core/common/logger';

/** A fleet per profile and region, served in pages of the requested size; calls are recorded and may be held. */
class FakePager implements InstancePager {
  readonly calls: { profile: string; region?: string; nextToken?: string; maxResults: number }[] = [];
  readonly failures: Error[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  constructor(private readonly fleets: Record<string, InstanceSummary[]>) {}

  target(profile: string, region?: string): InstanceListTarget | { problem: string } {
    if (profile === 'broken') return { problem: 'The EC2 endpoint "x" (from AWS_ENDPOINT_URL) is not an http:// or https:// URL.' };
    return { region: region ?? 'us-east-1', regionFrom: region ? 'override' : 'profile', endpoint: `https://ec2.${region ?? 'us-east-1'}.amazonaws.com`, endpointFrom: 'regional' };
  }

  /** Holds answers until `release()`. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async page(profile: string, request: { region?: string; nextToken?: string; maxResults: number }): Promise<InstancePage> {
    this.calls.push({ profile, ...request });
    const gate = this.gate;
    if (gate) await gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const all = this.fleets[`${profile}/${request.region ?? 'us-east-1'}`] ?? [];
    const start = Number(request.nextToken ?? 0);
    const end = Math.min(all.length, start + request.maxResults);
    return end < all.length ? { instances: all.slice(start, end), nextToken: String(end) } : { instances: all.slice(start, end) };
  }
}

const fleet = (prefix: string, n: number): InstanceSummary[] =>
  Array.from({ length: n }, (_, i) => ({ instanceId: `i-${prefix}${String(i + 1).padStart(5, '0')}`, name: `${prefix}-${i + 1}`, state: 'running', instanceType: 't3.micro' }));

class MemoryState {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, value);
  }
}

function setup(fleets: Record<string, InstanceSummary[]>, options: ConstructorParameters<typeof InstanceNodes>[1] = {}) {
  const pager = new FakePager(fleets);
  const nodes = new InstanceNodes(pager, options);
  const changes: string[] = [];
  nodes.onDidChange((p) => changes.push(p));
  return { pager, nodes, changes };
}

const labels = (nodes: InstanceNodes, profile: string) => nodes.children(profile).map((i) => i.label);

test('nothing is fetched until the node is expanded; then the first page, then one page per "Load more…"', async () => {
  const { pager, nodes, changes } = setup({ 'prod/us-east-1': fleet('prod', 250) });
  assert.equal(nodes.node('prod').description, 'us-east-1');
  assert.equal(pager.calls.length, 0);
  assert.deepEqual(labels(nodes, 'prod'), ['Loading instances…']);
  await nodes.settled('prod');
  assert.deepEqual(changes, ['prod']);
  const first = nodes.children('prod');
  assert.equal(first.length, 101);
  assert.deepEqual(first.at(-1)!.contextValue, 'ec2LoadMore');
  assert.equal(nodes.node('prod').description, 'us-east-1 · 100+');
  await nodes.loadMore('prod');
  await nodes.loadMore('prod');
  await nodes.loadMore('prod'); // nothing left: no call
  assert.deepEqual(pager.calls.map((c) => [c.nextToken, c.maxResults]), [[undefined, 100], ['100', 100], ['200', 100]]);
  const all = nodes.children('prod');
  assert.equal(all.length, 250);
  assert.equal(all.at(-1)!.label, 'prod-250');
  assert.equal(nodes.node('prod').description, 'us-east-1 · 250');
});

test('2,500 instances arrive in 25 pages of 100, never in one go', async () => {
  const { pager, nodes } = setup({ 'big/us-east-1': fleet('big', 2500) });
  nodes.children('big');
  await nodes.settled('big');
  while (nodes.children('big').at(-1)!.contextValue === 'ec2LoadMore') await nodes.loadMore('big');
  assert.equal(pager.calls.length, 25);
  assert.ok(pager.calls.every((c) => c.maxResults === 100));
  const items = nodes.children('big');
  assert.equal(items.length, 2500);
  assert.equal(new Set(items.map((i) => i.id)).size, 2500);
});

test('an error is one item under the node, whatever the number of expansions, and never a throw', async () => {
  const { pager, nodes } = setup({});
  pager.failures.push(new UserError('Profile "bob" cannot list EC2 instances in us-east-1: arn:aws:iam::111111111111:user/bob is not allowed ec2:DescribeInstances.', 'ec2.UnauthorizedOperation'));
  nodes.children('bob');
  await nodes.settled('bob');
  for (let i = 0; i < 5; i++) {
    const items = nodes.children('bob');
    assert.deepEqual(items.map((x) => x.contextValue), ['ec2Error']);
  }
  assert.equal(pager.calls.length, 1, 'expanding again does not call again');
  await nodes.loadMore('bob'); // the error item's click: try again
  assert.equal(pager.calls.length, 2);
  assert.deepEqual(labels(nodes, 'bob'), ['No instances in us-east-1']);
});

test('a dismissed prompt is a quiet item; an unexpected error is logged with its stack', async () => {
  const lines: string[] = [];
  const logger: Logger = { info() {}, warn() {}, error: (m) => lines.push(m) };
  const { pager, nodes } = setup({}, { logger });
  pager.failures.push(new CancelledError(), new TypeError('boom'));
  await nodes.loadMore('p');
  assert.deepEqual(nodes.children('p').map((i) => [i.label, i.icon.id]), [['Not listed: cancelled.', 'info']]);
  assert.equal(lines.length, 0);
  await nodes.loadMore('p');
  assert.match(nodes.children('p')[0].label, /^Listing the EC2 instances of profile "p" failed unexpectedly \(boom\)\. The AWS Profiles log has the details\.$/);
  assert.match(lines[0], /TypeError: boom\n\s+at /);
});

test('refresh while a page is in flight: the late answer is dropped and the new one shown', async () => {
  const fleets = { 'prod/us-east-1': fleet('old', 3) };
  const { pager, nodes } = setup(fleets);
  pager.hold();
  nodes.children('prod');
  fleets['prod/us-east-1'] = fleet('new', 2);
  const refreshed = nodes.refresh('prod');
  pager.release();
  await refreshed;
  await nodes.settled('prod');
  assert.deepEqual(labels(nodes, 'prod'), ['new-1', 'new-2']);
});

test('change region: lists the chosen region, remembered across restarts; back to the profile region', async () => {
  const state = new MemoryState();
  const fleets = { 'prod/us-east-1': fleet('use1', 2), 'prod/eu-west-1': fleet('euw1', 1) };
  const { pager, nodes, changes } = setup(fleets, { state });
  nodes.children('prod');
  await nodes.settled('prod');
  await nodes.setRegion('prod', 'eu-west-1');
  assert.deepEqual(labels(nodes, 'prod'), ['euw1-1']);
  assert.equal(nodes.node('prod').description, 'eu-west-1 · 1');
  assert.equal(nodes.region('prod'), 'eu-west-1');
  assert.deepEqual(state.get(EC2_REGIONS_KEY), { prod: 'eu-west-1' });
  assert.ok(changes.length >= 2);

  const restarted = new InstanceNodes(pager, { state });
  assert.equal(restarted.regionOverride('prod'), 'eu-west-1');
  assert.equal(restarted.node('prod').description, 'eu-west-1');

  await nodes.setRegion('prod', undefined);
  assert.deepEqual(labels(nodes, 'prod'), ['use1-1', 'use1-2']);
  assert.deepEqual(state.get(EC2_REGIONS_KEY), {});

  const calls = pager.calls.length;
  await assert.rejects(nodes.setRegion('prod', 'Frankfurt'), { message: '"Frankfurt" is not a region name such as eu-west-1.', code: 'ec2.RegionName' });
  assert.equal(pager.calls.length, calls);
  assert.equal(nodes.regionOverride('prod'), undefined);
});

test('a profile named __proto__ keeps its region as an own entry', async () => {
  const state = new MemoryState();
  const { nodes } = setup({}, { state });
  await nodes.setRegion('__proto__', 'eu-west-1');
  const saved = state.get<Record<string, string>>(EC2_REGIONS_KEY)!;
  assert.ok(Object.prototype.hasOwnProperty.call(saved, '__proto__'));
  assert.equal(Object.getPrototypeOf(saved), Object.prototype);
  assert.equal(new InstanceNodes(new FakePager({}), { state }).regionOverride('__proto__'), 'eu-west-1');
  assert.equal(new InstanceNodes(new FakePager({}), { state }).regionOverride('constructor'), undefined);
});

test('refreshed credentials clear an error item; a loaded list stays as it is', async () => {
  const { pager, nodes, changes } = setup({ 'prod/us-east-1': fleet('prod', 1) });
  pager.failures.push(new UserError('Profile "prod" cannot list EC2 instances in us-east-1: its credentials have expired (RequestExpired).', 'ec2.ExpiredCredentials'));
  nodes.children('prod');
  await nodes.settled('prod');
  assert.equal(nodes.children('prod')[0].contextValue, 'ec2Error');
  changes.length = 0;
  nodes.credentialsChanged('prod');
  assert.deepEqual(changes, ['prod']);
  assert.deepEqual(labels(nodes, 'prod'), ['Loading instances…']);
  await nodes.settled('prod');
  assert.deepEqual(labels(nodes, 'prod'), ['prod-1']);
  changes.length = 0;
  nodes.credentialsChanged('prod');
  nodes.credentialsChanged('other');
  assert.deepEqual(changes, []);
  assert.equal(pager.calls.length, 2);
});

test('a profile whose endpoint cannot be resolved shows the problem on the node', () => {
  const { nodes } = setup({});
  assert.match(nodes.node('broken').tooltip!, /is not an http:\/\/ or https:\/\/ URL/);
  assert.equal(nodes.region('broken'), undefined);
});

test('forget and dispose: answers for a forgotten node change nothing', async () => {
  const { pager, nodes, changes } = setup({ 'prod/us-east-1': fleet('prod', 1) });
  pager.hold();
  nodes.children('prod');
  nodes.forget('prod');
  pager.release();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(changes, []);
  nodes.dispose();
  await nodes.loadMore('prod');
  assert.deepEqual(changes, [], 'no listener after dispose');
});
