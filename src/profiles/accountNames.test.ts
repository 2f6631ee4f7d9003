import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StateStore } from '../core/credentials/credentials';
import { AccountNames } from './accountNames';

class MemoryState implements StateStore {
  readonly map = new Map<string, unknown>();
  updates = 0;
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.updates++;
    this.map.set(key, value);
  }
}

test('issue 23: account names learned from IAM Identity Center are kept by id, the latest winning, written only when they change', async () => {
  const state = new MemoryState();
  const names = new AccountNames(state);
  assert.equal(names.get('222222222222'), undefined);
  await names.note(new Map([['222222222222', 'Production'], ['111111111111', '111111111111']]));
  assert.equal(new AccountNames(state).get('222222222222'), 'Production');
  assert.equal(names.get('111111111111'), undefined, 'a name that is only the id says nothing');
  await names.note(new Map([['222222222222', 'Production']]));
  assert.equal(state.updates, 1);
  await names.note(new Map([['222222222222', 'Prod (EU)']]));
  assert.equal(names.get('222222222222'), 'Prod (EU)');
  await names.note(new Map([['333333333333', `Audit\n${'x'.repeat(100)}`]]));
  assert.equal(names.get('333333333333'), `Audit ${'x'.repeat(58)}`, 'one line of 64 characters at most');
  state.map.set('awsProfiles.accountNames.v1', ['garbage']);
  assert.equal(names.get('222222222222'), undefined, 'whatever an older version stored is ignored');
});
