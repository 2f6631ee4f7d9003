import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../common/errors';
import { removeKeys, replaceKey, sectionsWithKey, setLoginSession } from './keyFileEdit';

const b = (s: string) => new TextEncoder().encode(s);
const s = (u: Uint8Array) => new TextDecoder().decode(u);
const NEW = { accessKeyId: 'AKIANEWKEY000000WXYZ', secretAccessKey: 'newSecret/with+chars0000000000000000000' };

test('issue 24: a rotated key is written where the old one was, in every section holding it: same lines, comments, spacing and line endings kept', () => {
  const file = [
    '# my keys\r\n',
    '[default]\r\n',
    'aws_access_key_id=AKIAOLDKEY000000ABCD  \r\n',
    '; the secret\r\n',
    'aws_secret_access_key   :   oldSecret0000000000000000000000000000000\r\n',
    'region = eu-west-1\r\n',
    '\r\n',
    '[other]\r\n',
    'aws_access_key_id = AKIAOTHER0000000ZZZZ\r\n',
    'aws_secret_access_key = otherSecret\r\n',
    '[ci]\n',
    'AWS_ACCESS_KEY_ID = AKIAOLDKEY000000ABCD\n',
    'aws_secret_access_key = oldSecret0000000000000000000000000000000',
  ].join('');
  assert.deepEqual(sectionsWithKey(b(file), 'AKIAOLDKEY000000ABCD', 'credentials'), ['default', 'ci']);
  const out = replaceKey(b(file), 'AKIAOLDKEY000000ABCD', NEW, 'credentials');
  assert.deepEqual(out.sections, ['default', 'ci']);
  assert.equal(
    s(out.bytes),
    file
      .replace('aws_access_key_id=AKIAOLDKEY000000ABCD  ', `aws_access_key_id=${NEW.accessKeyId}  `)
      .replace('aws_secret_access_key   :   oldSecret0000000000000000000000000000000\r', `aws_secret_access_key   :   ${NEW.secretAccessKey}\r`)
      .replace('AWS_ACCESS_KEY_ID = AKIAOLDKEY000000ABCD', `AWS_ACCESS_KEY_ID = ${NEW.accessKeyId}`)
      .replace(/oldSecret0+$/, NEW.secretAccessKey),
  );
  assert.ok(!s(out.bytes).includes('oldSecret'), 'the old secret is gone');
  assert.equal(replaceKey(b(file), 'AKIANOTTHERE00000000', NEW, 'credentials').sections.length, 0);
});

test('issue 24: a file the AWS CLI refuses, a key over continuation lines or a section without its secret is not edited', () => {
  const refuse = (file: string, code: string) =>
    assert.throws(() => replaceKey(b(file), 'AKIAOLDKEY000000ABCD', NEW, '~/.aws/credentials'), (e: unknown) => e instanceof UserError && e.code === code && e.message.startsWith('~/.aws/credentials'));
  refuse('[default]\naws_access_key_id = AKIAOLDKEY000000ABCD\naws_access_key_id = x\n', 'keys.fileRejected');
  refuse('[default]\naws_access_key_id = AKIAOLDKEY000000ABCD\naws_secret_access_key = a\n  b\n', 'keys.continuation');
  refuse('[default]\naws_access_key_id = AKIAOLDKEY000000ABCD\n', 'keys.partial');
  assert.throws(() => replaceKey(b('[default]\naws_access_key_id = AKIAOLDKEY000000ABCD\naws_secret_access_key = a\n'), 'AKIAOLDKEY000000ABCD', { accessKeyId: 'AKIA\nX', secretAccessKey: 's' }, 'c'), { code: 'keys.badKey' });
});

test('issue 24: replacing keys with a sign-in removes exactly the key lines of one section and sets login_session in the config file', () => {
  const creds = '[default]\naws_access_key_id = AKIAOLDKEY000000ABCD\n# kept\naws_secret_access_key = oldSecret\n\n[ci]\naws_access_key_id = AKIAOLDKEY000000ABCD\naws_secret_access_key = oldSecret\n';
  assert.equal(s(removeKeys(b(creds), 'default', 'AKIAOLDKEY000000ABCD', 'c')), '[default]\n# kept\n\n[ci]\naws_access_key_id = AKIAOLDKEY000000ABCD\naws_secret_access_key = oldSecret\n');
  assert.throws(() => removeKeys(b(creds), 'default', 'AKIAOTHER', 'c'), { code: 'keys.changed' });

  const arn = 'arn:aws:iam::111111111111:user/alice';
  assert.equal(s(setLoginSession(b('# top\n[default]\nregion = us-east-1\n\n[profile x]\nregion = eu-west-1\n'), 'default', arn, 'c')), `# top\n[default]\nregion = us-east-1\nlogin_session = ${arn}\n\n[profile x]\nregion = eu-west-1\n`);
  assert.equal(s(setLoginSession(b('[profile dev]\r\nlogin_session = arn:aws:iam::111111111111:user/old\r\n'), 'profile dev', arn, 'c')), `[profile dev]\r\nlogin_session = ${arn}\r\n`);
  assert.equal(s(setLoginSession(b('[profile x]\nregion = eu-west-1'), 'profile dev', arn, 'c')), `[profile x]\nregion = eu-west-1\n\n[profile dev]\nlogin_session = ${arn}\n`);
  assert.equal(s(setLoginSession(null, 'default', arn, 'c')), `[default]\nlogin_session = ${arn}\n`);
  assert.throws(() => setLoginSession(null, 'default', `${arn}\ncredential_process = evil`, 'c'), { code: 'keys.badSession' });
});
