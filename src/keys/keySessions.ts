import type { HeldCredentials } from '../core/credentials/credentials';
import { DEFAULT_MFA_SESSION_SECONDS, mfaSessionStep, type CredentialStep } from '../core/credentials/credentialSteps';
import { UserError } from '../core/common/errors';
import type { CredentialEngine, CredentialPlan } from '../credentials/credentialEngine';
import * as l10n from '@vscode/l10n';

/** What the sessions of a profile's keys need of the credentials engine. */
export type SessionEngine = Pick<CredentialEngine, 'plan' | 'walkSteps' | 'options'>;

/** The MFA session's step on a profile's long-term keys, above the keys' own step. */
function mfaStep(engine: SessionEngine, profile: string, serialNumber: string): { step: CredentialStep; plan: Extract<CredentialPlan, { steps: CredentialStep[] }> } {
  const plan = engine.plan(profile);
  if ('problem' in plan) throw plan.problem;
  const base = plan.steps[0];
  if (plan.steps.length !== 1 || base.kind !== 'static' || base.credentials.sessionToken) {
    throw new UserError(l10n.t('Profile "{0}" does not use long-term IAM user keys: there is no MFA session to start for it.', profile), 'mfa.notKeys');
  }
  const seconds = engine.options.mfaSessionDurationSeconds ?? DEFAULT_MFA_SESSION_SECONDS;
  return { step: mfaSessionStep(profile, base, serialNumber, seconds, plan.scope ?? null), plan };
}

/**
 * An MFA session (GetSessionToken with a code) of a profile whose credentials are long-term IAM
 * user keys: the same hop a role with this mfa_serial is assumed from, so a held one is reused and
 * one code serves both. For IAM calls that a policy allows only with MFA (a key rotation).
 */
export async function mfaSession(engine: SessionEngine, profile: string, serialNumber: string, options: { interactive?: boolean; signal?: AbortSignal } = {}): Promise<HeldCredentials> {
  const { step, plan } = mfaStep(engine, profile, serialNumber);
  const got = await engine.walkSteps(profile, [step, ...plan.steps], plan.target, { interactive: options.interactive ?? true }, options.signal ?? new AbortController().signal);
  return { profile, credentials: got.credentials, expiresAt: got.expiresAt, obtainedAt: got.obtainedAt, identity: got.identity };
}

/** The fingerprints of a profile's chain, top first, or of its MFA session with a device; undefined when it has no plan (or no long-term keys). */
export function chainFingerprints(engine: SessionEngine, profile: string, mfaSerial?: string): string[] | undefined {
  try {
    if (mfaSerial !== undefined) return [mfaStep(engine, profile, mfaSerial).step.fingerprint];
    const plan = engine.plan(profile);
    return 'problem' in plan ? undefined : plan.steps.map((s) => s.fingerprint);
  } catch {
    return undefined;
  }
}

/** What moving held sessions needs of the credentials engine. */
export type HeldEngine = Pick<CredentialEngine, 'store' | 'scheduler' | 'fire'>;

/**
 * Moves held hops to other fingerprints (a key was rotated: the same sessions, now reached from the
 * new key, and refreshed from it when they run out); a profile noted with a moved top follows.
 * Returns how many hops moved.
 */
export async function moveHeld(engine: HeldEngine, moves: Iterable<[from: string, to: string]>): Promise<number> {
  const { store } = engine;
  let moved = 0;
  for (const [from, to] of moves) {
    const entry = from === to ? undefined : store.entry(from);
    const stored = entry && (await store.read(from));
    if (!entry || !stored) continue;
    for (const profile of entry.profiles.length > 0 ? entry.profiles : ['']) await store.write(to, stored, { kind: entry.kind, profile });
    await store.delete(from);
    moved++;
    for (const p of store.profiles()) {
      const noted = store.noted(p);
      if (noted?.top === from) await store.noteProfile(p, to, noted.usedAt, noted.identity);
      engine.fire(p);
    }
  }
  engine.scheduler.reschedule();
  return moved;
}
