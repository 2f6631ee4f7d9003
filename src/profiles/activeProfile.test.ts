import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StateStore } from '../core/credentials/credentials';
import { ActiveProfile } from './activeProfile';

class MemoryState implements StateStore {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, value);
  }
}

test('the active profile is kept per workspace, recent profiles globally; listeners hear changes', async () => {
  const workspace = new MemoryState();
  const global = new MemoryState();
  const active = new ActiveProfile(workspace, global);
  const heard: (string | undefined)[] = [];
  active.onDidChange((n) => heard.push(n));
  await active.set('prod');
  await active.set('dev');
  await active.set('dev');
  assert.equal(new ActiveProfile(workspace, new MemoryState()).name, 'dev');
  assert.deepEqual(active.recent(), ['dev', 'prod']);
  await active.set(undefined);
  assert.equal(active.name, undefined);
  assert.deepEqual(heard, ['prod', 'dev', undefined]);
});

test('issue 23: a workspace that chose "No profile" is told apart from one that never chose', async () => {
  const workspace = new MemoryState();
  const active = new ActiveProfile(workspace, new MemoryState());
  const heard: (string | undefined)[] = [];
  active.onDidChange((n) => heard.push(n));
  assert.equal(active.chosen, false);
  await active.set(undefined);
  assert.deepEqual([active.chosen, active.name, heard], [true, undefined, []], 'remembered, but nothing changed');
  await active.set('dev');
  await active.set(undefined);
  assert.deepEqual([new ActiveProfile(workspace, new MemoryState()).chosen, active.name, heard], [true, undefined, ['dev', undefined]]);
});
