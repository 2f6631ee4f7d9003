import assert from 'node:assert/strict';
import { UserError } from '../../src/core/common/errors';

/** Awaits a promise that must fail with a UserError (the sentence a user reads) and returns it. */
export async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof UserError, `a UserError, got ${(e as Error)?.stack}`);
    return e;
  }
  assert.fail('expected a failure');
}
