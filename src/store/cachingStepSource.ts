import { isStoredStep, type CredentialStep } from '../core/credentials/credentialSteps';
import type { Clock } from '../core/credentials/credentials';
import { hasLifetime, requiredLifetime } from '../core/credentials/expiry';
import type { ObtainedCredentials, StepContext, StepSource } from '../core/credentials/stepSource';
import type { CredentialStore } from './credentialStore';

/**
 * The cache as a decorator over the STS-backed step source: it answers from the store while enough
 * lifetime remains, else asks the inner source (which walks down the chain only as far as it must)
 * and stores what it got. Concurrent requests for the same hop share one call.
 */
export class CachingStepSource implements StepSource {
  private readonly inFlight = new Map<string, Promise<ObtainedCredentials>>();

  constructor(
    private readonly inner: StepSource,
    private readonly store: CredentialStore,
    private readonly clock: Clock,
  ) {}

  async obtain(step: CredentialStep, source: () => Promise<ObtainedCredentials>, ctx: StepContext): Promise<ObtainedCredentials> {
    if (!isStoredStep(step)) return this.inner.obtain(step, source, ctx);
    const fp = step.fingerprint;
    if (ctx.forceFingerprint !== fp) {
      const held = await this.held(fp, ctx.minLifetimeMs);
      if (held) return held;
    }
    const running = this.inFlight.get(fp);
    if (running) return running;
    const fresh = this.fetch(step, source, ctx).finally(() => this.inFlight.delete(fp));
    this.inFlight.set(fp, fresh);
    return fresh;
  }

  /** Held credentials of a hop with at least `minLifetimeMs` left (or half their own lifetime, if less), without any call. */
  async held(fingerprint: string, minLifetimeMs: number): Promise<ObtainedCredentials | undefined> {
    const fresh = (e: { expiresAt: number | null; obtainedAt: number }) => hasLifetime(e.expiresAt, this.clock.now(), requiredLifetime(minLifetimeMs, e.obtainedAt, e.expiresAt));
    const entry = this.store.entry(fingerprint);
    // The index answers "not fresh" without touching SecretStorage; another window may have stored newer ones, which onDidChange brings in.
    if (entry && !fresh(entry)) return undefined;
    const stored = await this.store.read(fingerprint);
    if (!stored || !fresh(stored)) return undefined;
    return { ...stored, fromStore: true };
  }

  private async fetch(step: CredentialStep, source: () => Promise<ObtainedCredentials>, ctx: StepContext): Promise<ObtainedCredentials> {
    const got = await this.inner.obtain(step, source, ctx);
    // A credential_process without Expiration hands out long-term keys: those are not copied into the store.
    if (got.expiresAt !== null) {
      await this.store.write(step.fingerprint, { credentials: got.credentials, expiresAt: got.expiresAt, obtainedAt: got.obtainedAt, identity: got.identity }, { kind: step.kind, profile: ctx.profile });
    }
    return got;
  }
}
