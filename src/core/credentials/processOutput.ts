import { UserError } from '../common/errors';
import type { AwsCredentials } from './credentials';
import * as l10n from '@vscode/l10n';

/**
 * Validates what a `credential_process` printed, as botocore's ProcessProvider does: JSON with
 * `Version: 1`, `AccessKeyId` and `SecretAccessKey`; `SessionToken` and `Expiration` optional.
 * The error sentences never quote the output (it holds secrets).
 */
export function parseProcessOutput(stdout: string, profile: string): AwsCredentials {
  const fail = (why: string) =>
    new UserError(l10n.t('The credential_process of profile "{0}" printed {1}. It must print JSON with "Version": 1, "AccessKeyId" and "SecretAccessKey".', profile, why), 'process.output');
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw fail(l10n.t('something that is not JSON'));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail(l10n.t('JSON that is not an object'));
  const o = parsed as Record<string, unknown>;
  if (o.Version !== 1) throw fail(o.Version === undefined ? l10n.t('JSON without "Version"') : l10n.t('"Version": {0}, which is not supported', JSON.stringify(o.Version)));
  const text = (key: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) throw fail(l10n.t('JSON without "{0}"', key));
      return undefined;
    }
    if (typeof v !== 'string' || v === '') throw fail(l10n.t('a "{0}" that is not a non-empty string', key));
    return v;
  };
  const accessKeyId = text('AccessKeyId', true)!;
  const secretAccessKey = text('SecretAccessKey', true)!;
  const sessionToken = text('SessionToken', false);
  const expirationText = text('Expiration', false);
  let expiration: number | undefined;
  if (expirationText !== undefined) {
    expiration = Date.parse(expirationText);
    if (Number.isNaN(expiration)) throw fail(l10n.t('an "Expiration" that is not an ISO 8601 time'));
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
