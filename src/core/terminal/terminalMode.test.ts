import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalMode } from './terminalMode';

test('issue 26 M2: a workspace can turn the terminal variables off, never choose how they are given', () => {
  assert.deepEqual(terminalMode(undefined), { mode: 'endpoint', off: undefined });
  assert.deepEqual(terminalMode({ globalValue: 'environment' }), { mode: 'environment', off: undefined });
  assert.deepEqual(terminalMode({ workspaceValue: 'environment' }), { mode: 'endpoint', off: undefined }, 'a workspace cannot put keys in the environment');
  assert.deepEqual(terminalMode({ globalValue: 'environment', workspaceValue: 'endpoint' }), { mode: 'environment', off: undefined });
  assert.deepEqual(terminalMode({ workspaceValue: 'off' }), { mode: 'endpoint', off: 'workspace' });
  assert.deepEqual(terminalMode({ workspaceValue: 'environment', workspaceFolderValue: 'off' }), { mode: 'endpoint', off: 'workspace' });
  assert.deepEqual(terminalMode({ globalValue: 'off' }), { mode: 'endpoint', off: 'user' });
});
