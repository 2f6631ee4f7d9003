import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessKeyIdProblem, profileSettings, secretKeyProblem, settingOf, valueShapeProblem, type SettingContext } from './profileSettings';

const context: SettingContext = { profile: 'prod', hasProfile: (n) => n === 'default' || n === 'prod', hasSsoSession: (n) => n === 'corp' };

test('issue 21: access keys are checked as IAM issues them; temporary keys are named as such', () => {
  assert.equal(accessKeyIdProblem('AKIAIOSFODNN7EXAMPLE'), undefined);
  assert.match(accessKeyIdProblem('ASIAIOSFODNN7EXAMPLE') ?? '', /temporary credentials, which need a session token/);
  assert.equal(accessKeyIdProblem('ASIAIOSFODNN7EXAMPLE', { temporary: true }), undefined);
  assert.match(accessKeyIdProblem('akiaiosfodnn7example') ?? '', /20 capital letters and digits starting with AKIA/);
  assert.match(accessKeyIdProblem('AKIAIOSFODNN7EXAMPL') ?? '', /20 capital/);
  assert.equal(secretKeyProblem('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), undefined);
  assert.match(secretKeyProblem('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE') ?? '', /40 characters/);
});

test('issue 21: every setting checks its values as botocore and STS would take them', () => {
  const check = (key: string, value: string) => settingOf(key).validate(value, context);
  assert.equal(check('region', 'us-west-1'), undefined);
  assert.match(check('region', 'US West') ?? '', /region name/);
  assert.match(check('output', 'xml') ?? '', /One of json, text, table, yaml, yaml-stream/);
  assert.equal(check('source_profile', 'default'), undefined);
  assert.match(check('source_profile', 'nope') ?? '', /no profile "nope"/);
  assert.match(check('duration_seconds', '1h') ?? '', /from 900 to 43200/);
  assert.match(check('duration_seconds', '899') ?? '', /from 900 to 43200/);
  assert.equal(check('duration_seconds', '3600'), undefined);
  assert.match(check('role_session_name', 'a') ?? '', /2 to 64/);
  assert.match(check('sso_session', 'other') ?? '', /no \[sso-session other\]/);
  assert.match(check('endpoint_url', 'localhost:4566') ?? '', /http/);
  assert.equal(check('some_tool_setting', 'anything at all'), undefined, 'a key AWS Profiles does not know is written as given');
  assert.ok(profileSettings().filter((s) => s.secret).every((s) => ['aws_secret_access_key', 'aws_session_token'].includes(s.key)));
  assert.match(valueShapeProblem('a\nb') ?? '', /one line/);
  assert.match(valueShapeProblem(' a') ?? '', /spaces/);
});
