import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { type AwsCredentialIdentity } from '@aws-sdk/types';
import { DEMO, demoScenario } from './demoScenario';
import { type LocalAws, startLocalAws } from './startLocalAws';

/** alice's long-term key in the demo scenario (the Dev account's IAM user). */
export const ALICE: AwsCredentialIdentity = { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey };

/**
 * Starts one local endpoint with the demo scenario for the test file (`setup` adds to it), closes it
 * after, and before each test clears injected faults, call counts and the lifetime override. The
 * answer stands for that endpoint once `before` has run.
 */
export function useLocalAws(setup: (aws: LocalAws) => void = () => undefined): LocalAws {
  let started: LocalAws | undefined;
  const current = (): LocalAws => {
    assert.ok(started, 'the local endpoint starts in before()');
    return started;
  };
  before(async () => {
    started = await startLocalAws({ scenario: demoScenario() });
    setup(started);
  });
  after(async () => {
    await started?.close();
  });
  beforeEach(() => {
    const { state } = current();
    state.faults.clear();
    state.faults.resetCallCounts();
    state.credentialLifetimeSeconds = undefined;
  });
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    get state() {
      return current().state;
    },
    close: () => current().close(),
  };
}

/** Runs `body` with the endpoint's clock moved forward, then moves it back. */
export async function later<T>(aws: LocalAws, ms: number, body: () => Promise<T>): Promise<T> {
  aws.state.advanceTime(ms);
  try {
    return await body();
  } finally {
    aws.state.advanceTime(-ms);
  }
}

/** The credentials in an STS answer, asserting all three parts are there. */
export function temporaryCredentials(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): AwsCredentialIdentity {
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken, 'credentials in the response');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
