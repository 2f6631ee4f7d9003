import { UserError } from '../common/errors';
import type { AwsCredentials } from './credentials';

/**
 * Validates what a `credential_process` printed, as botocore's ProcessProvider does: JSON with
 * `Version: 1`, `AccessKeyId` and `SecretAccessKey`; `SessionToken` and `Expiration` optional.
 * The error sentences never quote the output (it holds secrets).
 */
export function parseProcessOutput(stdout: string, profile: string): AwsCredentials {
  const fail = (why: string) =>
    new UserError(`The credential_process of profile "${profile}" printed ${why}. It must print JSON with "Version": 1, "AccessKeyId" and "SecretAccessKey".`, 'process.output');
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw fail('something that is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail('JSON that is not an object');
  const o = parsed as Record<string, unknown>;
  if (o.Version !== 1) throw fail(o.Version === undefined ? 'JSON without "Version"' : `"Version": ${JSON.stringify(o.Version)}, which is not supported`);
  const text = (key: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) throw fail(`JSON without "${key}"`);
      return undefined;
    }
    if (typeof v !== 'string' || v === '') throw fail(`a "${key}" that is not a non-empty string`);
    return v;
  };
  const accessKeyId = text('AccessKeyId', true)!;
  const secretAccessKey = text('SecretAccessKey', true)!;
  const sessionToken = text('SessionToken', false);
  const expirationText = text('Expiration', false);
  let expiration: number | undefined;
  if (expirationText !== undefined) {
    expiration = Date.parse(expirationText);
    if (Number.isNaN(expiration)) throw fail(`an "Expiration" that is not an ISO 8601 time`);
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
