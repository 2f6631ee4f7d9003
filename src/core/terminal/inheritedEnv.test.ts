import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '..';
import { buildConfigOverlay } from './configOverlay';
import { overlayProfile, overlaySource } from './copyHeader';
import { withoutOwnVariables } from './inheritedEnv';

const copy = '/home/u/.config/Code/User/globalStorage/aws-profiles.aws-profiles/terminal-config/prod-1a2b3c4d.read-only-copy';

test('issue 26 M6: an environment inherited from one of the extension\'s terminals is read as the user\'s own: the source file, no marker, no endpoint', () => {
  // The review's reproduction R6: F5 of an extension with prod active.
  const inherited = { HOME: '/home/u', AWS_CONFIG_FILE: copy, AWS_PROFILE: 'prod@vscode', AWS_PROFILES_ENDPOINT: '/run/user/1000/aws-profiles/k.sock', AWS_PROFILES_TERMINAL: 'a1b2c3d4e5f6', AWS_REGION: 'eu-west-1' };
  const { env, notes } = withoutOwnVariables(inherited, (p) => (p === copy ? '/home/u/.aws/config' : undefined));
  assert.deepEqual(env, { HOME: '/home/u', AWS_CONFIG_FILE: '/home/u/.aws/config', AWS_REGION: 'eu-west-1' });
  assert.equal(notes.length, 4);
  assert.match(notes.join('\n'), /reading \/home\/u\/\.aws\/config, the file it copies/);
  // The copy is gone: the default file, not the copy.
  assert.deepEqual(withoutOwnVariables({ AWS_CONFIG_FILE: copy, AWS_DEFAULT_PROFILE: 'dev@vscode' }, () => undefined).env, {});
});

test('issue 26 M6: a user\'s own variables are left alone, a profile named like a marker included when the config file is the user\'s', () => {
  const own = { AWS_CONFIG_FILE: '/work/test/aws-config', AWS_PROFILE: 'dev@vscode', AWS_SHARED_CREDENTIALS_FILE: '/x/terminal-config/creds' };
  assert.deepEqual(withoutOwnVariables(own, () => '/never'), { env: own, notes: [] });
  assert.deepEqual(withoutOwnVariables({ AWS_CONFIG_FILE: 'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\x\\terminal-config\\p-1.read-only-copy' }, () => 'C:\\Users\\u\\.aws\\config').env, { AWS_CONFIG_FILE: 'C:\\Users\\u\\.aws\\config' });
});

test('issue 26 M6: a copy names the file it copies, and only the extension\'s copies are read as such', () => {
  const c = new TextEncoder().encode('[profile prod]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n[default]\nregion = eu-west-1\n');
  const k = new TextEncoder().encode('[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n');
  const built = buildConfigOverlay({ config: c, credentials: k, analysis: analyze(c, k), profile: 'prod', source: '/home/u/my "dot" files/aws config', helper: (a) => `helper ${a.join(' ')}`, profileFlag: 'cli' });
  assert.ok(built.ok);
  assert.equal(overlaySource(built.bytes), '/home/u/my "dot" files/aws config');
  assert.equal(overlayProfile(built.bytes), 'prod');
  assert.equal(overlayProfile(c), undefined);
  assert.equal(overlaySource(c), undefined);
  assert.equal(overlaySource(new TextEncoder().encode('# A read-only copy of "x\n')), undefined);
});
