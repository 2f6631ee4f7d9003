import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstanceSummary } from '../aws/ec2/ec2Gateway';
import { EC2_REGIONS, InstanceList, instanceView, isRegionName, stateIcon } from './instanceList';

const TARGET = { region: 'us-east-1', regionFrom: 'profile', endpoint: 'https://ec2.us-east-1.amazonaws.com', endpointFrom: 'regional' };

const web = (n: number, extra: Partial<InstanceSummary> = {}): InstanceSummary => ({
  instanceId: `i-${String(n).padStart(17, '0')}`,
  name: `web-${n}`,
  state: 'running',
  instanceType: 't3.micro',
  privateIpAddress: `10.0.0.${n}`,
  availabilityZone: 'us-east-1a',
  ...extra,
});

test('state → icon: each EC2 state has its own look, unknown states a plain vm', () => {
  const cases: [string, string, string | undefined][] = [
    ['running', 'vm-running', 'charts.green'],
    ['pending', 'vm-active', 'charts.yellow'],
    ['stopping', 'vm-active', 'charts.orange'],
    ['stopped', 'vm-outline', undefined],
    ['shutting-down', 'vm-active', 'charts.red'],
    ['terminated', 'circle-slash', 'disabledForeground'],
    ['hibernated', 'vm', undefined],
    ['constructor', 'vm', undefined],
  ];
  for (const [state, id, color] of cases) assert.deepEqual(stateIcon(state), color ? { id, color } : { id }, state);
});

test('instance item: Name tag as label; id, type and private IP as description; copyable id', () => {
  const view = instanceView('prod', web(7, { launchTime: Date.UTC(2024, 0, 15, 9, 30) }));
  assert.equal(view.label, 'web-7');
  assert.equal(view.description, 'i-00000000000000007 · t3.micro · 10.0.0.7');
  assert.equal(view.contextValue, 'ec2Instance');
  assert.equal(view.instanceId, 'i-00000000000000007');
  assert.equal(view.id, 'ec2:prod:i-00000000000000007');
  assert.deepEqual(view.icon, { id: 'vm-running', color: 'charts.green' });
  assert.equal(
    view.tooltip,
    '**web\\-7** · `i-00000000000000007`\n\nState: running  \nType: t3\\.micro  \nPrivate IP: 10\\.0\\.0\\.7  \nAvailability zone: us\\-east\\-1a  \nLaunched: 2024\\-01\\-15T09:30:00Z  ',
  );
  const unnamed = instanceView('prod', { instanceId: 'i-1', state: 'stopped', instanceType: 'm5.large' });
  assert.equal(unnamed.label, 'i-1');
  assert.equal(unnamed.description, 'm5.large');
});

test('paging: first page, then the page after the last token; one request at a time', () => {
  const list = new InstanceList('prod');
  assert.equal(list.status, 'idle');
  const first = list.next()!;
  assert.deepEqual(first, { generation: 0, region: undefined, nextToken: undefined });
  assert.equal(list.next(), undefined, 'a page is in flight');
  assert.deepEqual(list.items('us-east-1').map((i) => i.label), ['Loading instances…']);
  assert.ok(list.accept(first, { instances: [web(1), web(2)], nextToken: 't2' }));
  assert.deepEqual(list.items('us-east-1').map((i) => [i.label, i.contextValue, i.action]), [
    ['web-1', 'ec2Instance', undefined],
    ['web-2', 'ec2Instance', undefined],
    ['Load more…', 'ec2LoadMore', 'loadMore'],
  ]);
  const second = list.next()!;
  assert.equal(second.nextToken, 't2');
  assert.deepEqual(list.items('us-east-1').map((i) => i.label), ['web-1', 'web-2', 'Loading more instances…']);
  // An instance repeated across pages is shown once (tree item ids must be unique).
  assert.ok(list.accept(second, { instances: [web(2), web(3)] }));
  assert.deepEqual(list.items('us-east-1').map((i) => i.label), ['web-1', 'web-2', 'web-3']);
  assert.equal(list.hasMore, false);
  assert.equal(list.next(), undefined, 'everything is loaded');
});

test('an empty region says so, naming the region', () => {
  const list = new InstanceList('dev');
  list.accept(list.next()!, { instances: [] });
  assert.deepEqual(list.items('ap-south-1').map((i) => [i.label, i.contextValue]), [['No instances in ap-south-1', 'ec2Empty']]);
});

test('an error is one item under the node; clicking it retries the same page', () => {
  const list = new InstanceList('prod');
  list.accept(list.next()!, { instances: [web(1)], nextToken: 't2' });
  const more = list.next()!;
  assert.ok(list.fail(more, { message: 'Profile "prod" cannot list EC2 instances in us-east-1: EC2 is throttling requests.', code: 'ec2.Throttling' }));
  const items = list.items('us-east-1');
  assert.deepEqual(items.map((i) => i.contextValue), ['ec2Instance', 'ec2Error']);
  assert.equal(items[1].label, 'Profile "prod" cannot list EC2 instances in us-east-1: EC2 is throttling requests.');
  assert.equal(items[1].action, 'loadMore');
  assert.deepEqual(items[1].icon, { id: 'error', color: 'list.errorForeground' });
  assert.equal(list.next()!.nextToken, 't2', 'the retry asks for the failed page again');
});

test('a failed first page starts over on retry', () => {
  const list = new InstanceList('prod');
  list.fail(list.next()!, { message: 'x', code: 'ec2.UnauthorizedOperation' });
  assert.deepEqual(list.items('us-east-1').map((i) => i.contextValue), ['ec2Error']);
  assert.deepEqual(list.next(), { generation: 0, region: undefined, nextToken: undefined });
});

test('refresh and region change drop answers to earlier requests', () => {
  const list = new InstanceList('prod');
  const old = list.next()!;
  list.setRegion('eu-west-1');
  assert.equal(list.regionOverride, 'eu-west-1');
  assert.equal(list.status, 'idle');
  const fresh = list.next()!;
  assert.deepEqual(fresh, { generation: 1, region: 'eu-west-1', nextToken: undefined });
  assert.equal(list.accept(old, { instances: [web(9)] }), false, 'the us-east-1 answer lands nowhere');
  assert.equal(list.fail(old, { message: 'late', code: 'x' }), false);
  assert.ok(list.accept(fresh, { instances: [web(1)] }));
  list.reset();
  assert.equal(list.instances.length, 0);
  assert.equal(list.regionOverride, 'eu-west-1', 'refresh keeps the chosen region');
  assert.equal(list.accept(fresh, { instances: [web(2)] }), false);
});

test('the node: region and count in the description, where the listing goes in the tooltip', () => {
  const list = new InstanceList('prod');
  const idle = list.nodeView(TARGET);
  assert.deepEqual([idle.id, idle.label, idle.description, idle.contextValue, idle.collapsible], ['ec2:prod', 'EC2 Instances', 'us-east-1', 'ec2Instances', 'collapsed']);
  list.accept(list.next()!, { instances: [web(1), web(2)], nextToken: 't' });
  assert.equal(list.nodeView(TARGET).description, 'us-east-1 · 2+');
  assert.equal(
    list.nodeView({ ...TARGET, region: 'eu-west-1', regionFrom: 'override', endpoint: 'http://127.0.0.1:4599', endpointFrom: 'AWS_ENDPOINT_URL_EC2' }).tooltip,
    '**EC2 instances** of profile **prod**\n\nRegion: eu\\-west\\-1 (chosen for this view)  \nEndpoint: `http://127.0.0.1:4599` (from AWS\\_ENDPOINT\\_URL\\_EC2)  \nLoaded: 2 instances, more available',
  );
  const broken = new InstanceList('x', 'eu-west-1').nodeView({ problem: 'The EC2 endpoint "a" (from AWS_ENDPOINT_URL) is not an http:// or https:// URL.' });
  assert.equal(broken.description, 'eu-west-1');
  assert.match(broken.tooltip!, /is not an http:\/\/ or https:\/\/ URL/);
});

test('region names', () => {
  for (const r of [...EC2_REGIONS, 'us-gov-west-1', 'cn-north-1', 'us-isob-east-1']) assert.ok(isRegionName(r), r);
  for (const r of ['', 'US-EAST-1', 'us-east', 'eu west 1', 'frankfurt']) assert.ok(!isRegionName(r), r);
});
