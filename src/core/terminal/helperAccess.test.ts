import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helperAccess, type ServedState } from './helperAccess';

const state = (over: Partial<ServedState> = {}): ServedState => ({
  active: 'prod',
  ownTerminals: new Map([['t1', 'dev']]),
  profiles: new Set(['hub']),
  keys: new Set(['default']),
  cleared: new Set(),
  ...over,
});

test('issue 10: the active profile serves the collection terminals, an own terminal its own profile', () => {
  assert.deepEqual(helperAccess({ profile: 'prod', via: 'active' }, state()), { ok: true });
  assert.deepEqual(helperAccess({ profile: 'dev', via: 'active', terminal: 't1' }, state()), { ok: true });
  assert.deepEqual(helperAccess({ profile: 'hub', via: 'profile' }, state()), { ok: true });
  assert.deepEqual(helperAccess({ profile: 'default', via: 'keys' }, state()), { ok: true });
});

test('issue 10: every refusal says what to do', () => {
  const cases: Array<[Parameters<typeof helperAccess>[0], Partial<ServedState>, RegExp]> = [
    [{ profile: 'prod', via: 'active' }, { active: 'dev' }, /^Profile "prod" is no longer the active profile of this VS Code window \("dev" is\)\. Open a new terminal, or select "prod" again\.$/],
    [{ profile: 'prod', via: 'active' }, { active: undefined }, /\(no profile is\)/],
    [{ profile: 'dev', via: 'active', terminal: 't2' }, {}, /^This terminal of profile "dev" is no longer served .*Open Terminal with Profile…/],
    [{ profile: 'prod', via: 'active', terminal: 't1' }, {}, /no longer served/],
    [{ profile: 'prod', via: 'profile' }, {}, /profileFlag is "cli"/],
    [{ profile: 'prod', via: 'keys' }, {}, /does not serve the keys of profile "prod"/],
    [{ profile: 'prod', via: 'active' }, { cleared: new Set(['prod']) }, /^The credentials of profile "prod" were cleared in this VS Code window\. Select it again/],
  ];
  for (const [request, over, message] of cases) {
    const access = helperAccess(request, state(over));
    assert.ok(!access.ok && message.test(access.message), `${JSON.stringify(request)}: ${JSON.stringify(access)}`);
  }
});
