import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayPath } from './profileFacts';

test('issue 15: paths under the home folder are shown with ~, Windows ones too', () => {
  assert.equal(displayPath('/home/alice/.aws/config', '/home/alice'), '~/.aws/config');
  assert.equal(displayPath('/home/alice', '/home/alice'), '~');
  assert.equal(displayPath('/home/alice2/.aws/config', '/home/alice'), '/home/alice2/.aws/config');
  assert.equal(displayPath('C:\\Users\\alice\\.aws\\config', 'C:\\Users\\alice'), '~\\.aws\\config');
  assert.equal(displayPath('C:\\Users\\alicia\\.aws\\config', 'C:\\Users\\alice'), 'C:\\Users\\alicia\\.aws\\config');
  assert.equal(displayPath('/etc/aws/config', ''), '/etc/aws/config');
});
