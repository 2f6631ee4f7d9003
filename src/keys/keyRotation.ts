import { readFile } from 'node:fs/promises';
import type { AwsCredentials, CallerIdentity } from '../core/credentials/credentials';
import { CancelledError, UserError } from '../core/common/errors';
import { silentLogger } from '../core/common/logger';
import type { FileKind } from '../core/config/types';
import { maskKeyId, mfaSerialFor, profilesWithKey, type KeyFacts } from '../core/keys/accessKeys';
import { replaceKey } from '../core/keys/keyFileEdit';
import { errorParts } from '../aws/networkErrors';
import { replaceAwsFile } from '../aws/files/configFileEdit';
import { loadErrorSentences, loadIamKeysSdk } from '../aws/sdkLoader';
import type { AccessKeysGateway, AccessKeySummary, CreatedAccessKey } from '../aws/iam/accessKeysGateway';
import type { IamEndpoint } from '../aws/iam/iamGateway';
import type { CredentialEngine } from '../credentials/credentialEngine';
import { keyContext, refusal, type KeyIamDeps } from './keyInspector';
import { chainFingerprints, mfaSession, moveHeld, type HeldEngine } from './keySessions';
import * as l10n from '@vscode/l10n';

/** The user's side of a rotation (VS Code's prompts; tests answer them). */
export interface RotationUi {
  /**
   * IAM already lists two keys for the user: delete the one that is not this profile's (its status,
   * last use and the profiles of the files that use it shown) to make room, or stop (false).
   */
  confirmDeleteOther(other: KeyFacts, userName: string, usedBy: string[]): Promise<boolean>;
  /** The user has several MFA devices and no profile names one: which to use (undefined: stop). */
  pickMfaDevice(serials: string[]): Promise<string | undefined>;
}

/** What a rotation works with (passed in by the command). */
export interface RotationDeps extends KeyIamDeps {
  credentials: KeyIamDeps['credentials'] & HeldEngine & Pick<CredentialEngine, 'stsTarget' | 'stsGateway'>;
  /** The two files the profiles were read from. */
  paths(): Record<FileKind, string>;
  /** Reads the files again (after they were written) and analyses them. */
  reload(): Promise<void>;
  ui: RotationUi;
  /** `awsProfiles.keys.deleteAfterRotate`. */
  deleteAfterRotate(): 'immediately' | 'never';
  /** How long IAM may take before a new key signs (default 2 minutes); it is deleted after that. */
  newKeyTimeoutMs?: number;
  /** Waits between tries of the new key (tests shorten it). */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** Writes a user's file only if it still holds `expected` (replaceAwsFile; tests make it fail). */
  writeFile?(path: string, expected: Uint8Array | null, bytes: Uint8Array): Promise<void>;
}

/** What a rotation did. */
export interface RotationResult {
  /** Every profile whose section now holds the new key. */
  profiles: string[];
  oldKeyId: string;
  newKeyId: string;
  deactivated: boolean;
  deleted: boolean;
  /** A step that failed after the new key was in place (the old key still active, or not deleted): one sentence. */
  warning?: string;
  /** The other key deleted first to make room, if any. */
  deletedOther?: string;
}

const DEFAULT_NEW_KEY_TIMEOUT_MS = 120_000;

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Rotates the long-term key of a profile, and of every profile whose section holds the same key:
 * makes room if the user has two keys (the other one deleted once the user agrees), gets an MFA
 * session first where the user's policy denies IAM without MFA, creates the new key, waits until it
 * signs (IAM is eventually consistent), writes it where the old one was (same lines, both files,
 * atomically; the new key is deleted if that fails), moves the sessions held from the old key to
 * the new one, deactivates the old key, then deletes it unless `deleteAfterRotate` is `never`.
 * Every step is logged, never a secret.
 */
export async function rotateAccessKey(deps: RotationDeps, profile: string, signal?: AbortSignal): Promise<RotationResult> {
  const log = deps.logger ?? silentLogger;
  const { accessKeyId: oldKeyId, held, target } = await keyContext(deps, profile);
  // l10n-ignore: the log's words (every step's line starts with it)
  const tag = `Key rotation of ${maskKeyId(oldKeyId)} (profile "${profile}")`;
  const gateway = (deps.loadSdk ?? loadIamKeysSdk)().createAccessKeysGateway({ maxAttempts: 2 });
  const fail = (e: unknown, what: string) => {
    if (signal?.aborted) return new CancelledError();
    return loadErrorSentences().translateIamError(e, { profile, what, endpoint: target.endpoint });
  };
  const sts = deps.credentials.stsGateway();
  const stsTarget = deps.credentials.stsTarget(profile);
  let identity: CallerIdentity;
  try {
    identity = await sts.getCallerIdentity(stsTarget, held.credentials, signal);
  } catch (e) {
    throw loadErrorSentences().translateStsError(e, { profile, step: { kind: 'static', profile, from: 'credentials', credentials: held.credentials, fingerprint: '' }, endpoint: stsTarget.endpoint, region: stsTarget.region });
  }
  log.info(`${tag}: the key belongs to ${identity.arn}.`);

  // The caller of the IAM calls: the key itself, or an MFA session of it where a policy requires MFA.
  let caller: AwsCredentials = held.credentials;
  let mfaSerial: string | undefined;
  let keys: AccessKeySummary[];
  try {
    keys = await gateway.listAccessKeys(target, caller, signal);
  } catch (e) {
    if (!refusal(e)?.explicit) throw fail(e, l10n.t('list its access keys'));
    mfaSerial = await mfaSerialOf(deps, gateway, profile, target, caller, signal);
    log.info(`${tag}: IAM refuses the key without MFA; starting an MFA session with ${mfaSerial}.`);
    caller = (await mfaSession(deps.credentials, profile, mfaSerial, { interactive: true, signal })).credentials;
    try {
      keys = await gateway.listAccessKeys(target, caller, signal);
    } catch (e2) {
      throw fail(e2, l10n.t('list its access keys'));
    }
  }
  const userName = keys[0]?.userName ?? identity.arn.slice(identity.arn.lastIndexOf('/') + 1);

  // Two keys already: the other one goes first, if the user agrees.
  let deletedOther: string | undefined;
  const others = keys.filter((k) => k.accessKeyId !== oldKeyId);
  if (keys.length >= 2 && others.length > 0) {
    const other = others[0];
    let lastUse: KeyFacts['lastUse'];
    try {
      const used = await gateway.accessKeyLastUsed(target, caller, other.accessKeyId, signal);
      lastUse = used.lastUsedAt === undefined ? null : { at: used.lastUsedAt, service: used.service, region: used.region };
    } catch {
      lastUse = undefined;
    }
    const usedBy = profilesWithKey(deps.profiles().model, other.accessKeyId).map((p) => p.profile);
    if (!(await deps.ui.confirmDeleteOther({ accessKeyId: other.accessKeyId, status: other.status, createdAt: other.createdAt, lastUse }, userName, usedBy))) {
      log.info(`${tag}: stopped; the user ${userName} has two keys and the other one (${maskKeyId(other.accessKeyId)}) was kept.`);
      throw new CancelledError();
    }
    try {
      await gateway.deleteAccessKey(target, caller, other.accessKeyId, signal);
    } catch (e) {
      throw fail(e, l10n.t('delete its other access key {0}', maskKeyId(other.accessKeyId)));
    }
    deletedOther = other.accessKeyId;
    log.info(`${tag}: deleted the user's other key ${maskKeyId(other.accessKeyId)} to make room.`);
  }

  let created: CreatedAccessKey;
  try {
    created = await gateway.createAccessKey(target, caller, signal);
  } catch (e) {
    throw fail(e, l10n.t('create a new access key'));
  }
  const fresh: AwsCredentials = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
  log.info(`${tag}: IAM created ${maskKeyId(created.accessKeyId)}.`);
  const discard = async (why: string): Promise<void> => {
    try {
      await gateway.deleteAccessKey(target, caller, created.accessKeyId);
      log.info(`${tag}: deleted the new key ${maskKeyId(created.accessKeyId)} again (${why}); the old key is unchanged.`);
    } catch (e) {
      log.warn(`${tag}: the new key ${maskKeyId(created.accessKeyId)} could not be deleted again (${errorParts(e).message}): delete it in the IAM console.`);
    }
  };

  // IAM is eventually consistent: the new key signs after a few seconds.
  try {
    await waitUntilSigns(deps, fresh, identity, stsTarget, signal, (n) => log.info(`${tag}: the new key does not sign yet (try ${n}); waiting.`));
  } catch (e) {
    // l10n-ignore: the log's words
    await discard(e instanceof CancelledError ? 'cancelled' : 'it never signed');
    throw e;
  }
  log.info(`${tag}: the new key signs as ${identity.arn}.`);

  // The files: the new key where the old one was, in every section holding it.
  // The held sessions obtained from the old key, by the fingerprints the old key gives them.
  const chains = chainsOnKey(deps, oldKeyId).flatMap((p) => [[p, undefined], ...(mfaSerial ? [[p, mfaSerial]] : [])] as [string, string | undefined][]);
  const before = chains.map(([p, serial]) => chainFingerprints(deps.credentials, p, serial));
  let written: { file: FileKind; sections: string[] }[];
  try {
    written = await writeNewKey(deps, oldKeyId, fresh as Required<Pick<AwsCredentials, 'accessKeyId' | 'secretAccessKey'>>);
  } catch (e) {
    // l10n-ignore: the log's words
    await discard('the files could not be written');
    throw e;
  }
  log.info(`${tag}: wrote the new key into ${written.map((w) => `${w.file} [${w.sections.join('], [')}]`).join(' and ')}.`);
  await deps.reload();
  const profiles = profilesWithKey(deps.profiles().model, created.accessKeyId).map((p) => p.profile);
  // The same sessions under the fingerprints the new key gives them: they keep working, and are refreshed from the new key.
  const moves: [string, string][] = [];
  chains.forEach(([p, serial], i) => {
    const now = chainFingerprints(deps.credentials, p, serial);
    if (before[i] && now?.length === before[i]!.length) before[i]!.forEach((fp, j) => moves.push([fp, now[j]]));
  });
  const moved = await moveHeld(deps.credentials, moves);
  if (moved > 0) log.info(`${tag}: moved ${moved} held session(s) to the new key.`);

  const result: RotationResult = { profiles: [...new Set(profiles)], oldKeyId, newKeyId: created.accessKeyId, deactivated: false, deleted: false, deletedOther };
  // From now on the new key signs the IAM calls, unless an MFA session is needed.
  const after = mfaSerial !== undefined ? caller : fresh;
  try {
    await gateway.updateAccessKey(target, after, oldKeyId, 'Inactive');
    result.deactivated = true;
    log.info(`${tag}: deactivated the old key.`);
  } catch (e) {
    result.warning = l10n.t('The new key {0} is in place, but the old key {1} is still active: {2} Deactivate it in the IAM console.', maskKeyId(created.accessKeyId), maskKeyId(oldKeyId), fail(e, l10n.t('deactivate the old key')).message);
    log.warn(`${tag}: ${result.warning}`);
    return result;
  }
  if (deps.deleteAfterRotate() === 'immediately') {
    try {
      await gateway.deleteAccessKey(target, after, oldKeyId);
      result.deleted = true;
      log.info(`${tag}: deleted the old key.`);
    } catch (e) {
      result.warning = l10n.t('The old key {0} is inactive but was not deleted: {1}', maskKeyId(oldKeyId), fail(e, l10n.t('delete the old key')).message);
      log.warn(`${tag}: ${result.warning}`);
    }
  } else {
    log.info(`${tag}: the old key stays inactive (awsProfiles.keys.deleteAfterRotate is "never").`);
  }
  return result;
}

/** Every profile whose chain ends with a section holding the key: the sessions held for them were obtained from it. */
function chainsOnKey(deps: RotationDeps, accessKeyId: string): string[] {
  const { model, plans } = deps.profiles();
  const holders = new Set(profilesWithKey(model, accessKeyId).map((p) => p.profile));
  const out: string[] = [];
  for (const [name, plan] of plans) {
    const base = plan.chain[plan.chain.length - 1];
    if (plan.result === 'ok' && base?.kind === 'static' && holders.has(base.profile)) out.push(name);
  }
  return out;
}

/** The MFA device of the MFA session: the one a profile names, else the user's only one, else the one the user picks. */
async function mfaSerialOf(deps: RotationDeps, gateway: AccessKeysGateway, profile: string, target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<string> {
  const { model, plans } = deps.profiles();
  const named = mfaSerialFor(model, plans, profile);
  if (named !== undefined) return named;
  let devices: string[];
  try {
    devices = (await gateway.listMfaDevices(target, caller, signal)).map((d) => d.serialNumber);
  } catch (e) {
    throw loadErrorSentences().translateIamError(e, { profile, what: l10n.t('list its MFA devices'), endpoint: target.endpoint });
  }
  if (devices.length === 0) throw new UserError(l10n.t('IAM allows profile "{0}" to manage its keys only with MFA, but the IAM user has no MFA device. Add one in the IAM console, or rotate the key there.', profile), 'keys.noMfaDevice');
  if (devices.length === 1) return devices[0];
  const picked = await deps.ui.pickMfaDevice(devices);
  if (picked === undefined) throw new CancelledError();
  return picked;
}

/** Tries the new key with GetCallerIdentity until it signs as the same user (a second, then longer), or fails after the timeout. */
async function waitUntilSigns(
  deps: RotationDeps,
  key: AwsCredentials,
  identity: CallerIdentity,
  target: { region: string; endpoint: string },
  signal: AbortSignal | undefined,
  waiting: (attempt: number) => void,
): Promise<void> {
  const sleep = deps.sleep ?? realSleep;
  const deadline = deps.clock.now() + (deps.newKeyTimeoutMs ?? DEFAULT_NEW_KEY_TIMEOUT_MS);
  const sts = deps.credentials.stsGateway();
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new CancelledError();
    let why: string;
    try {
      const who = await sts.getCallerIdentity(target, key, signal);
      if (who.arn === identity.arn) return;
      throw new UserError(l10n.t('The new key signs as {0}, not as {1}. It was deleted; nothing else changed.', who.arn, identity.arn), 'keys.otherIdentity');
    } catch (e) {
      if (e instanceof UserError) throw e;
      if (signal?.aborted) throw new CancelledError();
      why = errorParts(e).name || errorParts(e).message;
    }
    if (deps.clock.now() >= deadline) {
      throw new UserError(l10n.t('IAM did not accept the new key within {0} seconds ({1}). It was deleted; the old key is unchanged. Try again later.', Math.round((deps.newKeyTimeoutMs ?? DEFAULT_NEW_KEY_TIMEOUT_MS) / 1000), why), 'keys.notConsistent', true);
    }
    waiting(attempt);
    await sleep(Math.min(1000 * attempt, 5000), signal);
  }
}

/**
 * Writes the new key into both files where the old one is (replaceKey), each only if it still holds
 * what was read; where the second write fails, the first file is put back. No copy of either key is
 * written anywhere else.
 */
async function writeNewKey(deps: RotationDeps, oldKeyId: string, key: { accessKeyId: string; secretAccessKey: string }): Promise<{ file: FileKind; sections: string[] }[]> {
  const write = deps.writeFile ?? replaceAwsFile;
  const paths = deps.paths();
  const edits: { file: FileKind; path: string; before: Uint8Array | null; after: Uint8Array; sections: string[] }[] = [];
  for (const file of ['credentials', 'config'] as const) {
    const path = paths[file];
    const before = await readFile(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw new UserError(l10n.t('{0} cannot be read: {1}', path, e.message), 'file.read');
    });
    if (before === null) continue;
    const { bytes, sections } = replaceKey(before, oldKeyId, key, path);
    if (sections.length > 0) edits.push({ file, path, before, after: bytes, sections });
  }
  if (edits.length === 0) throw new UserError(l10n.t('Neither AWS file holds the key {0} any more. Nothing was written.', maskKeyId(oldKeyId)), 'keys.changed');
  const done: typeof edits = [];
  try {
    for (const edit of edits) {
      await write(edit.path, edit.before, edit.after);
      done.push(edit);
    }
  } catch (e) {
    for (const edit of done) await write(edit.path, edit.after, edit.before!).catch(() => undefined);
    throw e instanceof UserError ? e : new UserError(l10n.t('The new key could not be written: {0}', (e as Error).message), 'file.write');
  }
  return edits.map((e) => ({ file: e.file, sections: e.sections }));
}
