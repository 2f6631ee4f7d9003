import type { Clock, CredentialService, HeldCredentials } from '../core/credentials/credentials';
import { NeedsHumanError, UserError } from '../core/common/errors';
import { silentLogger, type Logger } from '../core/common/logger';
import type { ProfileModel } from '../core/config/profileMap';
import type { ProfileResolution } from '../core/config/types';
import { resolveIamTarget } from '../core/endpoints/serviceEndpoint';
import { longTermKeyOf, maskKeyId, mfaSerialFor, type KeyFacts, type KeyReport } from '../core/keys/accessKeys';
import { errorParts } from '../aws/networkErrors';
import { loadErrorSentences, loadIamKeysSdk } from '../aws/sdkLoader';
import type { IamEndpoint } from '../aws/iam/iamGateway';
import type { IamKeysSdk } from '../aws/iam/accessKeysGateway';
import type { AccessKeysGateway } from '../aws/iam/accessKeysGateway';
import { mfaSession, type SessionEngine } from './keySessions';
import * as l10n from '@vscode/l10n';

/** What the IAM calls on a profile's keys need (passed in by activate(), shared with the rotation). */
export interface KeyIamDeps {
  /** The current profiles; read on every call. */
  profiles: () => { model: ProfileModel; plans: ReadonlyMap<string, ProfileResolution> };
  /** The environment for endpoint resolution (AWS_ENDPOINT_URL_IAM, …). */
  env: Readonly<Record<string, string | undefined>>;
  credentials: Pick<CredentialService, 'get'> & SessionEngine;
  clock: Clock;
  /** Loads the IAM SDK module; the default requires dist/sdk-iam.js on first use (loadIamKeysSdk). */
  loadSdk?: () => IamKeysSdk;
  logger?: Logger;
}

/** A profile's long-term key, its credentials and where its IAM calls go: a UserError when it has no such key. */
export async function keyContext(deps: KeyIamDeps, profile: string): Promise<{ accessKeyId: string; held: HeldCredentials; target: IamEndpoint }> {
  const { model, plans } = deps.profiles();
  const key = longTermKeyOf(model, plans.get(profile), profile);
  if (!key) throw new UserError(l10n.t('Profile "{0}" does not use long-term IAM user keys (aws_access_key_id without a session token).', profile), 'keys.notKeys');
  const target = resolveIamTarget(model.profiles.get(profile)!.values, model.services, deps.env);
  if ('problem' in target) throw new UserError(l10n.t('Profile "{0}": {1}', profile, target.problem), 'keys.endpoint');
  const held = await deps.credentials.get(profile, { interactive: false });
  return { accessKeyId: key.accessKeyId, held, target };
}

/** Whether an IAM error is a refusal, and whether by a policy's explicit deny (what an MFA condition gives). */
export function refusal(error: unknown): { explicit: boolean } | undefined {
  const { name, message } = errorParts(error);
  if (name !== 'AccessDenied' && name !== 'AccessDeniedException') return undefined;
  return { explicit: /explicit deny/i.test(message) };
}

/**
 * Asks IAM about a profile's key for the view, never prompting: ListAccessKeys with the key itself
 * (or, where a policy requires MFA, an MFA session already held), GetAccessKeyLastUsed of each key,
 * ListMFADevices. A refusal becomes a report that says which action was refused.
 */
export class KeyInspector {
  private gateway: AccessKeysGateway | undefined;
  private readonly logger: Logger;

  constructor(private readonly deps: KeyIamDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  async inspect(profile: string): Promise<KeyReport> {
    const { accessKeyId, held, target } = await keyContext(this.deps, profile);
    const sdk = (this.deps.loadSdk ?? loadIamKeysSdk)();
    const gateway = (this.gateway ??= sdk.createAccessKeysGateway({ maxAttempts: 2 }));
    const base = { accessKeyId, fetchedAt: this.deps.clock.now() };
    let caller = held.credentials;
    let listed;
    try {
      listed = await gateway.listAccessKeys(target, caller);
    } catch (e) {
      const refused = refusal(e);
      if (!refused) throw this.sentence(e, profile, target, l10n.t('list its access keys'));
      const session = refused.explicit ? await this.heldMfaSession(profile) : undefined;
      if (!session) {
        this.logger.info(`IAM refused ListAccessKeys for profile "${profile}" (${refused.explicit ? 'an explicit deny: MFA required' : 'not allowed'}).`);
        return { ...base, keys: [], denied: { action: 'iam:ListAccessKeys', explicit: refused.explicit } };
      }
      caller = session.credentials;
      listed = await gateway.listAccessKeys(target, caller).catch((e2: unknown) => {
        throw this.sentence(e2, profile, target, l10n.t('list its access keys'));
      });
    }
    const keys: KeyFacts[] = [];
    for (const k of listed) {
      let lastUse: KeyFacts['lastUse'];
      try {
        const used = await gateway.accessKeyLastUsed(target, caller, k.accessKeyId);
        lastUse = used.lastUsedAt === undefined ? null : { at: used.lastUsedAt, service: used.service, region: used.region };
      } catch (e) {
        if (!refusal(e)) this.logger.info(`GetAccessKeyLastUsed of ${maskKeyId(k.accessKeyId)} (profile "${profile}") failed: ${errorParts(e).message}`);
      }
      keys.push({ accessKeyId: k.accessKeyId, status: k.status, createdAt: k.createdAt, lastUse });
    }
    let mfaDevices: number | undefined;
    try {
      mfaDevices = (await gateway.listMfaDevices(target, caller)).length;
    } catch (e) {
      this.logger.info(`ListMFADevices for profile "${profile}" failed: ${errorParts(e).message}`);
    }
    this.logger.info(`IAM lists ${keys.length} access key(s) for the user of profile "${profile}" (its key ${maskKeyId(accessKeyId)}).`);
    return { ...base, userName: listed[0]?.userName, keys, mfaDevices };
  }

  /** A held MFA session of the profile's keys, without asking for a code; undefined when none is held. */
  private async heldMfaSession(profile: string): Promise<HeldCredentials | undefined> {
    const { model, plans } = this.deps.profiles();
    const serial = mfaSerialFor(model, plans, profile);
    if (serial === undefined) return undefined;
    try {
      return await mfaSession(this.deps.credentials, profile, serial, { interactive: false });
    } catch (e) {
      if (e instanceof NeedsHumanError) return undefined;
      throw e;
    }
  }

  private sentence(error: unknown, profile: string, target: IamEndpoint, what: string): UserError {
    return loadErrorSentences().translateIamError(error, { profile, what, endpoint: target.endpoint });
  }
}
