import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../common/errors';
import { parseProcessOutput } from './processOutput';

const ok = { Version: 1, AccessKeyId: 'AKIAX', SecretAccessKey: 'topsecret' };

test('Version 1 output with optional token and expiration', () => {
  assert.deepEqual(parseProcessOutput(JSON.stringify(ok), 'p'), { accessKeyId: 'AKIAX', secretAccessKey: 'topsecret', sessionToken: undefined, expiration: undefined });
  const full = parseProcessOutput(JSON.stringify({ ...ok, SessionToken: 'tok', Expiration: '2026-01-01T10:00:00Z' }), 'p');
  assert.equal(full.sessionToken, 'tok');
  assert.equal(full.expiration, Date.UTC(2026, 0, 1, 10));
});

test('invalid output is refused with a sentence that never quotes it', () => {
  const bad: [string, RegExp][] = [
    ['not json topsecret', /not JSON/],
    ['[1]', /not an object/],
    [JSON.stringify({ ...ok, Version: 2 }), /"Version": 2/],
    [JSON.stringify({ AccessKeyId: 'a', SecretAccessKey: 'topsecret' }), /without "Version"/],
    [JSON.stringify({ ...ok, SecretAccessKey: undefined }), /without "SecretAccessKey"/],
    [JSON.stringify({ ...ok, Expiration: 'soon' }), /Expiration/],
  ];
  for (const [out, why] of bad) {
    assert.throws(() => parseProcessOutput(out, 'p'), (e: unknown) => e instanceof UserError && why.test(e.message) && !e.message.includes('topsecret') && /profile "p"/.test(e.message), out);
  }
});
