import { CancelledError } from '../core/common/errors';
import { isStoredStep, type CredentialStep } from '../core/credentials/credentialSteps';
import type { Clock } from '../core/credentials/credentials';
import { hasLifetime, requiredLifetime } from '../core/credentials/expiry';
import type { ObtainedCredentials, StepContext, StepSource } from '../core/credentials/stepSource';
import type { CredentialStore } from './credentialStore';

/**
 * The cache as a decorator over the STS-backed step source: it answers from the store while enough
 * lifetime remains, else asks the inner source (which walks down the chain only as far as it must)
 * and stores what it got. Concurrent requests for the same hop share one call, in this window and
 * across windows: a window obtains a hop only under the store's lease for it, and a window that
 * finds the lease taken waits for the other's result (one STS call, one MFA prompt).
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
    const held = await this.held(fp, ctx.minLifetimeMs);
    if (held && this.serves(held, fp, ctx)) return held;
    const running = this.inFlight.get(fp);
    if (running) {
      try {
        return await running;
      } catch (e) {
        // The walk that started it was cancelled; this one was not: it obtains the hop itself.
        if (!(e instanceof CancelledError) || ctx.signal?.aborted) throw e;
        return this.obtain(step, source, ctx);
      }
    }
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

  /** Whether held credentials answer this request: any fresh ones, or for a forced refresh only ones obtained since. */
  private serves(held: ObtainedCredentials, fingerprint: string, ctx: StepContext): boolean {
    if (ctx.forceFingerprint !== fingerprint) return true;
    return ctx.forceReplaces !== undefined && held.obtainedAt > ctx.forceReplaces;
  }

  /** What another window stored for the hop, if it answers this request (read from SecretStorage, not memory). */
  private async fromOtherWindow(fingerprint: string, ctx: StepContext): Promise<ObtainedCredentials | undefined> {
    const stored = await this.store.reread(fingerprint);
    if (!stored || !hasLifetime(stored.expiresAt, this.clock.now(), requiredLifetime(ctx.minLifetimeMs, stored.obtainedAt, stored.expiresAt))) return undefined;
    const held = { ...stored, fromStore: true };
    return this.serves(held, fingerprint, ctx) ? held : undefined;
  }

  private async fetch(step: CredentialStep, source: () => Promise<ObtainedCredentials>, ctx: StepContext): Promise<ObtainedCredentials> {
    const fp = step.fingerprint;
    for (;;) {
      const claim = await this.store.claim(fp);
      if (!claim.mine) {
        // Another window is obtaining this hop: wait for its result (or its lease to run out).
        await this.store.whenChanged(fp, claim.until, ctx.signal);
        if (ctx.signal?.aborted) throw new CancelledError();
        const theirs = await this.fromOtherWindow(fp, ctx);
        if (theirs) return theirs;
        continue;
      }
      let settled = false;
      try {
        // Re-read before calling: another window may have stored them just before the claim.
        const theirs = await this.fromOtherWindow(fp, ctx);
        if (theirs) return theirs;
        const got = await this.inner.obtain(step, source, ctx);
        // A credential_process without Expiration hands out long-term keys: those are not copied into the store.
        if (got.expiresAt !== null) {
          await this.store.write(fp, { credentials: got.credentials, expiresAt: got.expiresAt, obtainedAt: got.obtainedAt, identity: got.identity }, { kind: step.kind, profile: ctx.profile });
          settled = true;
        }
        return got;
      } finally {
        // After a result, the lock stays a moment: until the result reached the other windows' SecretStorage.
        await this.store.release(fp, { settled });
      }
    }
  }
}
