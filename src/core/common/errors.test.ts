import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError, NeedsHumanError, UserError } from './errors';
import type * as Errors from './errors';

test('issue 14: instanceof recognises errors made by another bundle\'s copy of these classes', () => {
  // Another copy of the module, as a lazily loaded bundle has (a fresh evaluation of the same source).
  const path = require.resolve('./errors');
  delete require.cache[path];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second evaluation of the module, as another bundle holds
  const other = require('./errors') as typeof Errors;
  delete require.cache[path];
  assert.notEqual(other.UserError, UserError, 'two copies');
  const needs = new other.NeedsHumanError('prod', 'arn:aws:iam::1:mfa/me');
  assert.ok(needs instanceof UserError && needs instanceof NeedsHumanError && !(needs instanceof CancelledError));
  assert.ok(new other.UserError('x') instanceof UserError && !(new other.UserError('x') instanceof NeedsHumanError));
  assert.ok(new other.CancelledError() instanceof CancelledError && !(new other.CancelledError() instanceof UserError));
  assert.ok(!(new Error("plain") instanceof UserError) && !((null as unknown as object) instanceof UserError));
  assert.equal(new other.UserError('why', 'sts.Denied').code, 'sts.Denied');
});
