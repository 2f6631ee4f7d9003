import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../core';
import type { CredentialStatus } from '../core/credentials/credentials';
import { InstanceList } from '../ec2/instanceList';
import { chainSummary } from '../core/chains/chainText';
import { profileFacts } from './profileFacts';
import { instanceItemView, TreeModel, type TreeContext, type TreeNode } from './treeModel';

const b = (s: string) => new TextEncoder().encode(s);
const CONFIG = `[default]
region = us-east-1

[profile prod]
role_arn = arn:aws:iam::222222222222:role/ProdAdmin
source_profile = default
mfa_serial = arn:aws:iam::111111111111:mfa/alice
region = us-west-1

[profile audit]
role_arn = arn:aws:iam::333333333333:role/AuditReadOnly
source_profile = prod
external_id = x

[profile loop-a]
role_arn = arn:aws:iam::1:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::1:role/b
source_profile = loop-a
`;
const CREDENTIALS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';
const NOW = 1_000_000_000_000;

function ctx(over: Partial<TreeContext> = {}, held: Record<string, CredentialStatus> = {}): TreeContext {
  return {
    active: undefined,
    status: (p) => held[p],
    now: NOW,
    paths: { config: '/home/u/.aws/config', credentials: '/home/u/.aws/credentials' },
    home: '/home/u',
    formatTime: (ms) => new Date(ms).toISOString(),
    ec2Node: (p) => new InstanceList(p).nodeView({ region: 'us-east-1', regionFrom: 'profile', endpoint: 'https://ec2.us-east-1.amazonaws.com', endpointFrom: 'regional' }),
    ...over,
  };
}

test('the default + prod scenario: one item per profile, chains hop by hop with what each needs', () => {
  const model = new TreeModel(analyze(b(CONFIG), b(CREDENTIALS)));
  const roots = model.roots();
  assert.deepEqual(roots.map((n) => (n.type === 'profile' ? n.name : n.type)), ['default', 'prod', 'audit', 'loop-a', 'loop-b']);
  const prod = model.view(model.profileNode('prod')!, ctx());
  assert.equal(prod.label, 'prod');
  assert.equal(prod.description, 'us-west-1');
  assert.equal(prod.icon.id, 'shield');
  assert.equal(prod.collapsible, 'collapsed');
  assert.equal(prod.contextValue, 'profile role usable');
  assert.match(prod.tooltip!, /Account: 222222222222/);
  assert.match(prod.tooltip!, /`arn:aws:iam::222222222222:role\/ProdAdmin`/);
  assert.match(prod.tooltip!, /MFA device: `arn:aws:iam::111111111111:mfa\/alice`/);
  assert.match(prod.tooltip!, /Source: default/);
  assert.match(prod.tooltip!, /~\/\.aws\/config, line 4/);

  const hops = model.children(model.profileNode('audit')!).map((n) => model.view(n, ctx()));
  assert.deepEqual(hops.map((h) => h.label), ['audit → prod', 'prod → default', 'default']);
  assert.equal(hops[0].description, 'role AuditReadOnly · 333333333333 · needs external id');
  assert.equal(hops[1].description, 'role ProdAdmin · 222222222222 · needs MFA');
  assert.equal(hops[2].description, 'IAM user keys · from the credentials file');
  assert.deepEqual(hops[2].open, { file: 'config', line: 1 });

  const def = model.view(model.profileNode('default')!, ctx());
  assert.equal(def.collapsible, 'none');
  assert.equal(def.icon.id, 'key');
});

test('chain summary', () => {
  const a = analyze(b(CONFIG), b(CREDENTIALS));
  assert.equal(chainSummary(a.plans.get('prod')!.chain), 'prod → default (IAM user keys)');
  assert.equal(profileFacts(a, 'audit')!.needsExternalId, true);
});

test('held credentials: lifetime in the description, state in colour and context tokens', () => {
  const model = new TreeModel(analyze(b(CONFIG), b(CREDENTIALS)));
  const held = { prod: { profile: 'prod', obtainedAt: NOW - 60_000, expiresAt: NOW + 47 * 60_000 + 30_000 } };
  const prod = model.view(model.profileNode('prod')!, ctx({ active: 'prod' }, held));
  assert.equal(prod.description, 'us-west-1 · 47 min');
  assert.equal(prod.icon.color, 'charts.green');
  assert.equal(prod.contextValue, 'profile role usable held active');
  const expired = model.view(model.profileNode('prod')!, ctx({}, { prod: { ...held.prod, expiresAt: NOW - 1 } }));
  assert.equal(expired.description, 'us-west-1 · expired');
  assert.equal(expired.icon.color, 'list.warningForeground');
});

test('a cycle shows under its profile and opens the source_profile line; good profiles stay usable', () => {
  const model = new TreeModel(analyze(b(CONFIG), b(CREDENTIALS)));
  const loop = model.view(model.profileNode('loop-a')!, ctx());
  assert.equal(loop.icon.id, 'error');
  assert.ok(!loop.contextValue.includes('usable'));
  const [problem] = model.children(model.profileNode('loop-a')!);
  const view = model.view(problem, ctx());
  assert.match(view.label, /loop/i);
  assert.equal(view.open?.file, 'config');
  assert.equal(view.open?.line, 17);
  assert.match(model.view(model.profileNode('prod')!, ctx()).contextValue, /usable/);
});

test('a file the AWS CLI rejects shows why at the top, opening the line; the profiles follow', () => {
  const model = new TreeModel(analyze(b(`${CONFIG}this line is wrong\n`), b(CREDENTIALS)));
  const [top] = model.roots();
  assert.equal(top.type, 'problem');
  const view = model.view(top, ctx());
  assert.match(view.label, /every aws command fails/);
  assert.equal(view.description, '~/.aws/config:22');
  assert.deepEqual(view.open, { file: 'config', line: 22 });
  assert.ok(model.roots().some((n: TreeNode) => n.type === 'profile' && n.name === 'prod'));
});

test('unreadable files come first; profile nodes are stable objects', () => {
  const model = new TreeModel(analyze(null, b(CREDENTIALS)), [{ file: 'config', message: '/x cannot be read: permission denied.' }]);
  assert.equal(model.view(model.roots()[0], ctx()).label, '/x cannot be read: permission denied.');
  assert.equal(model.profileNode('default'), model.profileNode('default'));
  assert.equal(model.profileNode('nope'), undefined);
});

test('5,000 profiles: roots are built without building any item', () => {
  let config = '';
  for (let i = 0; i < 5000; i++) config += `[profile p${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = default\n`;
  const model = new TreeModel(analyze(b(config), b(CREDENTIALS)));
  const roots = model.roots();
  assert.equal(roots.filter((n) => n.type === 'profile').length, 5001);
  assert.equal(model.view(roots[4999], ctx()).label, 'p4999');
});

test('issue 7: a profile holding credentials gets one "EC2 Instances" node, last, and becomes expandable', () => {
  const model = new TreeModel(analyze(b(CONFIG), b(CREDENTIALS)));
  const def = model.profileNode('default')!;
  const held = { default: { profile: 'default', obtainedAt: NOW, expiresAt: null } };
  assert.deepEqual(model.children(def), []);
  assert.equal(model.view(def, ctx()).collapsible, 'none');
  assert.equal(model.view(def, ctx({}, held)).collapsible, 'collapsed');
  const [ec2] = model.children(def, (p) => p === 'default');
  assert.deepEqual(ec2, { type: 'ec2', profile: 'default' });
  assert.equal(model.children(def, () => true)[0], ec2, 'one node object per profile, so a change can be fired on it');
  assert.equal(model.ec2Node('default'), ec2);
  assert.equal(model.ec2Node('nope'), undefined);
  const prodChildren = model.children(model.profileNode('prod')!, () => true);
  assert.deepEqual(prodChildren.map((n) => n.type), ['hop', 'hop', 'ec2']);

  const view = model.view(ec2, ctx());
  assert.deepEqual([view.id, view.label, view.icon.id, view.contextValue, view.collapsible], ['ec2:default', 'EC2 Instances', 'server', 'ec2Instances', 'collapsed']);
  assert.equal(view.description, 'us-east-1');
  assert.equal(view.run, undefined);
});

test('issue 7: EC2 items map field for field; "Load more…" and an error item run load-more with the profile', () => {
  const list = new InstanceList('prod');
  const request = list.next()!;
  list.accept(request, { instances: [{ instanceId: 'i-0abc', name: 'prod-api-1', state: 'running', instanceType: 'm5.large', privateIpAddress: '10.0.0.1' }], nextToken: 't' });
  const [instance, more] = list.items('us-east-1');
  const item = instanceItemView(instance);
  assert.deepEqual(item, {
    id: 'ec2:prod:i-0abc',
    label: 'prod-api-1',
    description: 'i-0abc · m5.large · 10.0.0.1',
    tooltip: instance.tooltip,
    icon: { id: 'vm-running', color: 'charts.green' },
    contextValue: 'ec2Instance',
    collapsible: 'none',
  });
  const moreItem = instanceItemView(more);
  assert.equal(moreItem.contextValue, 'ec2LoadMore');
  assert.deepEqual(moreItem.run, { command: 'loadMoreEc2Instances', arguments: ['prod'] });

  list.fail(list.next()!, { message: 'Profile "prod" may not list EC2 instances in us-east-1.', code: 'ec2.UnauthorizedOperation' });
  const error = list.items('us-east-1').map(instanceItemView).filter((v) => v.contextValue === 'ec2Error');
  assert.equal(error.length, 1);
  assert.deepEqual(error[0].run, { command: 'loadMoreEc2Instances', arguments: ['prod'] });
  const model = new TreeModel(analyze(b(CONFIG), b(CREDENTIALS)));
  assert.deepEqual(model.view({ type: 'ec2Item', view: instance }, ctx()), item);
});

test('issue 7: after the first assume the tooltip shows the account and the assumed-role ARN', () => {
  const model = new TreeModel(analyze(b(CONFIG), b(CREDENTIALS)));
  const arn = 'arn:aws:sts::222222222222:assumed-role/ProdAdmin/aws-profiles-alice';
  const held = { prod: { profile: 'prod', obtainedAt: NOW, expiresAt: NOW + 3_600_000, identity: { account: '222222222222', arn, userId: 'AROAEXAMPLE:aws-profiles-alice' } } };
  const tooltip = model.view(model.profileNode('prod')!, ctx({}, held)).tooltip!;
  assert.match(tooltip, /Account: 222222222222/);
  assert.ok(tooltip.includes(`Acting as: \`${arn}\``), tooltip);
  assert.doesNotMatch(model.view(model.profileNode('prod')!, ctx()).tooltip!, /Acting as/);
});

test('issue 23: a guarded profile is drawn in its colour while it is active, and its tooltip says how it is guarded', () => {
  const model = new TreeModel(analyze(b(CONFIG), b(CREDENTIALS)));
  const guard = (p: string) => (p === 'prod' ? { color: 'red' as const, confirm: true, maxActiveMinutes: 30 } : p === 'audit' ? { color: 'orange' as const, confirm: false } : undefined);
  const prod = model.view(model.profileNode('prod')!, ctx({ active: 'prod', guard }));
  assert.equal(prod.icon.color, 'charts.red');
  assert.equal(prod.contextValue, 'profile role usable active guarded');
  assert.match(prod.tooltip!, /Guarded: red, asks before acting as it, 30 min at most/);
  assert.equal(model.view(model.profileNode('audit')!, ctx({ active: 'audit', guard })).icon.color, 'charts.orange');
  const inactive = model.view(model.profileNode('prod')!, ctx({ guard }));
  assert.equal(inactive.icon.color, undefined, 'the colour marks the active profile only');
  assert.match(inactive.tooltip!, /Guarded: red/);
  assert.equal(model.view(model.profileNode('default')!, ctx({ active: 'default', guard })).icon.color, 'charts.green');
});
