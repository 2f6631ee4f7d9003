import type {
  CallerIdentity,
  CancellableProgress,
  Clock,
  CredentialService,
  CredentialStatus,
  ExpiryWarning,
  GetCredentialsOptions,
  HeldCredentials,
  MfaPrompt,
  SecretStore,
  SsoTokenService,
  StateStore,
} from '../core/credentials/credentials';
import { isStoredStep, planCredentialSteps, stepNeedsCode, type CredentialStep, type StepOptions } from '../core/credentials/credentialSteps';
import { AssumeRoleDeniedError, CancelledError, NeedsHumanError, UserError } from '../core/common/errors';
import { hasLifetime, MIN_LIFETIME_MS } from '../core/credentials/expiry';
import { silentLogger, type Logger } from '../core/common/logger';
import type { ProfileModel } from '../core/config/profileMap';
import type { ObtainedCredentials, StepContext, StepSource } from '../core/credentials/stepSource';
import { resolveStsTarget, SSO, type StsTarget } from '../core/endpoints/serviceEndpoint';
import type { ProfileResolution } from '../core/config/types';
import { CachingStepSource } from './cachingStepSource';
import { CredentialStore } from './credentialStore';
import { LiveStepSource } from './liveStepSource';
import { RefreshScheduler, systemTimer, type Timer } from './refreshScheduler';
import type { LockFolder } from '../base/lockFile';
import { loadErrorSentences, loadLogin, loadStsSdk } from '../aws/sdkLoader';
import type { LoginTokenStore } from '../aws/login/loginCredentials';
import { ssoEndpoint } from '../aws/sso/ssoEndpoints';
import type { SsoGateway } from '../aws/sso/ssoGateway';
import type { SdkOptions, StsGateway, StsSdk } from '../aws/sts/stsGateway';
import * as l10n from '@vscode/l10n';

/** The profiles as last read from the files (what `analyze()` returns, or the part of it needed here). */
export interface ProfileSnapshot {
  model: ProfileModel;
  plans: ReadonlyMap<string, ProfileResolution>;
}

/** Settings of the engine, mapped from VS Code settings by the UI. */
export interface CredentialEngineOptions extends StepOptions {
  /** Stop a credential_process after this long (default 60 s). */
  credentialProcessTimeoutMs?: number;
  /** Per-attempt STS timeout (default 15 s) and attempts per call (default 3). */
  stsRequestTimeoutMs?: number;
  stsMaxAttempts?: number;
  /**
   * Besides the profiles in use (`inUse`), keep refreshing a profile for this long after this
   * window last handed it out (default 30 minutes; 0: only the profiles in use).
   */
  keepFreshMs?: number;
}

/** Default of CredentialEngineOptions.keepFreshMs. */
export const KEEP_FRESH_MS = 30 * 60_000;

/** What the engine is built from (all passed in by activate()). */
export interface CredentialEngineDeps {
  /** The current profiles; called on every request, so a reload of the files is seen at once. */
  profiles: () => ProfileSnapshot;
  /** The environment for region and endpoint resolution (AWS_REGION, AWS_ENDPOINT_URL_STS, …). */
  env: Readonly<Record<string, string | undefined>>;
  secrets: SecretStore;
  state: StateStore;
  clock: Clock;
  mfaPrompt: MfaPrompt;
  logger?: Logger;
  timer?: Timer;
  options?: CredentialEngineOptions;
  /** Loads the SDK module; the default requires dist/sdk-sts.js (or the source under tsx) on first use. */
  loadSdk?: () => StsSdk;
  /** Replaces the live step source (tests of the policy use a fake that counts calls). */
  stepSource?: StepSource;
  /** Shows interactive requests that take more than a moment, with Cancel (absent: no progress, no cancel). */
  progress?: CancellableProgress;
  /** The profiles this window uses now (the active one, those of open terminals): kept fresh in the background. */
  inUse?: () => Iterable<string>;
  /** This window's name in the leases of the shared store (tests name their windows; default a random UUID). */
  windowId?: string;
  /** Replaces the sign-ins of `aws login` kept in `secrets` (tests). */
  loginStore?: LoginTokenStore;
  /** This machine's lock files (a folder under globalStorage): which window obtains a hop that several want at once. */
  locks?: LockFolder;
  /** This window's share of the refresh jitter, 0 to 1 (default random; tests fix it). */
  refreshJitter?: number;
  /** IAM Identity Center: the sessions' tokens and the SDK calls (absent: SSO profiles fail with a sentence). */
  sso?: { tokens: Pick<SsoTokenService, 'isSignedIn' | 'token'>; gateway(): SsoGateway };
}

/** A profile's plan: its steps (top first), where its STS calls go and the endpoint its fingerprints are scoped to; or why it has none. */
export type CredentialPlan = { steps: CredentialStep[]; target: StsTarget; scope: string | undefined } | { problem: UserError };

/** One walk of a chain, shared by every request for the same thing; aborted only when all of its waiters cancelled. */
interface Flight {
  promise: Promise<HeldCredentials>;
  controller: AbortController;
  /** Waiters that can still cancel. */
  cancellable: number;
  /** A waiter that cannot cancel joined: the walk goes on whatever the others do. */
  pinned: boolean;
}

/**
 * The credentials engine: walks a profile's chain hop by hop (one flight per profile, one MFA prompt
 * per chain, intermediate credentials reused from SecretStorage), knows every profile's remaining
 * lifetime synchronously, and keeps the profiles in use fresh: 10 minutes before expiry it refreshes
 * them where no human is needed (one window per hop, see CachingStepSource) and warns where one is.
 */
export class CredentialEngine implements CredentialService {
  /** The held credentials; public, with `scheduler` and `fire`, for src/keys/keySessions.ts (the sessions of a rotated key follow it). */
  readonly store: CredentialStore;
  private readonly source: CachingStepSource;
  readonly scheduler: RefreshScheduler;
  private readonly logger: Logger;
  private readonly inFlight = new Map<string, Flight>();
  private readonly changeListeners = new Set<(profile: string) => void>();
  private readonly warningListeners = new Set<(warning: ExpiryWarning) => void>();
  private readonly deniedListeners = new Set<(error: AssumeRoleDeniedError) => void>();
  private readonly subscriptions: { dispose(): void }[] = [];
  private plansFor: ReadonlyMap<string, ProfileResolution> | undefined;
  private planCache = new Map<string, CredentialPlan>();
  /** The settings it works with (setOptions); read by src/keys/keySessions.ts for the MFA session's length. */
  options: CredentialEngineOptions;
  private sdk: StsSdk | undefined;
  /** When this window last handed out each profile (not counting background refreshes). */
  private readonly usedHere = new Map<string, number>();

  constructor(private readonly deps: CredentialEngineDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.options = deps.options ?? {};
    const timer = deps.timer ?? systemTimer;
    this.store = new CredentialStore(deps.secrets, deps.state, { logger: this.logger, clock: deps.clock, timer, windowId: deps.windowId, locks: deps.locks });
    const inner =
      deps.stepSource ??
      new LiveStepSource(
        {
          gateway: () => this.gateway(),
          credentialSource: (name) => this.loadSdk().credentialSource(name, this.sdkOptions()),
          ssoGateway: () => this.ssoDeps().gateway(),
          ssoPortal: (session, profile) => ssoEndpoint(SSO, session, this.deps.profiles().model.profiles.get(profile)?.values ?? {}, this.deps.profiles().model.services, this.deps.env),
          login: (step, signal) => loadLogin().obtainLogin(step, this.deps.profiles().model, this.deps, this.logger, signal),
        },
        deps.clock,
        this.logger,
        { credentialProcessTimeoutMs: this.options.credentialProcessTimeoutMs },
      );
    this.source = new CachingStepSource(inner, this.store, deps.clock);
    this.scheduler = new RefreshScheduler(
      {
        watchedProfiles: () => this.watchedProfiles(),
        status: (p) => this.status(p),
        needsHuman: (p) => this.needsHuman(p),
        refreshQuietly: async (p) => {
          await this.get(p, { interactive: false, forceRefresh: true, background: true });
        },
        warn: (profile, expiresAt, reason, message) => this.emitWarning({ profile, expiresAt, reason, message }),
      },
      deps.clock,
      timer,
      this.logger,
      deps.refreshJitter,
    );
    this.subscriptions.push(
      this.store.onDidChange((fp, profiles) => this.onStoredChange(fp, profiles)),
      this.store.onDidClearAll(() => this.usedHere.clear()),
    );
    this.scheduler.start();
  }

  /** New settings (from the VS Code settings); plans are recomputed, so durations take effect on the next assume. */
  setOptions(options: CredentialEngineOptions): void {
    this.options = options;
    this.planCache.clear();
  }

  get(profile: string, options: GetCredentialsOptions = {}): Promise<HeldCredentials> {
    // A request someone waits for, made without a way to cancel it, gets progress with Cancel.
    if (this.deps.progress && options.interactive !== false && !options.background && !options.signal) {
      return this.deps.progress(l10n.t('Getting credentials for AWS profile "{0}"…', profile), (signal) => this.get(profile, { ...options, signal }));
    }
    if (!options.background) this.usedHere.set(profile, this.deps.clock.now());
    const key = `${profile}\u0000${options.forceRefresh ? 'force' : ''}\u0000${options.interactive === false ? 'quiet' : ''}\u0000${options.background ? 'bg' : ''}`;
    let flight = this.inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const started: Flight = { promise: this.walk(profile, options, controller.signal), controller, cancellable: 0, pinned: false };
      const forget = () => {
        if (this.inFlight.get(key) === started) this.inFlight.delete(key);
      };
      // An aborted walk is forgotten at once: a request made meanwhile starts afresh instead of sharing its cancellation.
      controller.signal.addEventListener('abort', forget, { once: true });
      started.promise = started.promise.finally(forget);
      this.inFlight.set(key, started);
      flight = started;
    }
    return join(flight, options.signal);
  }

  status(profile: string): CredentialStatus | undefined {
    const plan = this.plan(profile);
    if ('problem' in plan) return undefined;
    const top = plan.steps[0];
    const noted = this.store.profileTop(profile) === top.fingerprint ? this.store.noted(profile) : undefined;
    if (isStoredStep(top)) {
      const e = this.store.entry(top.fingerprint);
      if (e) return { profile, expiresAt: e.expiresAt, obtainedAt: e.obtainedAt, identity: e.identity ?? noted?.identity };
    }
    if (noted && (top.kind === 'static' || top.kind === 'process' || top.kind === 'credential_source')) {
      return { profile, expiresAt: null, obtainedAt: noted.usedAt, identity: noted.identity };
    }
    return undefined;
  }

  needsHuman(profile: string): boolean {
    const plan = this.plan(profile);
    if ('problem' in plan) return false;
    const now = this.deps.clock.now();
    // Simulate a refresh of the top: each step redone needs its source, unless that is held and fresh.
    for (let i = 0; i < plan.steps.length; i++) {
      const step = plan.steps[i];
      const serial = stepNeedsCode(step);
      if (serial !== null) return true;
      if (step.kind === 'sso') return !(this.deps.sso?.tokens.isSignedIn(step.session) ?? false);
      const below = plan.steps[i + 1];
      if (!below) return false;
      if (isStoredStep(below) && hasLifetime(this.store.entry(below.fingerprint)?.expiresAt ?? Number.NEGATIVE_INFINITY, now)) return false;
    }
    return false;
  }

  /** Where a profile's STS calls go (region and endpoint), as its chain's calls do; the profile's problem as a UserError. */
  stsTarget(profile: string): StsTarget {
    const plan = this.plan(profile);
    if ('problem' in plan) throw plan.problem;
    return plan.target;
  }

  /** The engine's STS gateway (loaded on first use, with its timeouts and retries), for calls the engine does not make itself (GetFederationToken). */
  stsGateway(): StsGateway {
    return this.gateway();
  }

  async callerIdentity(profile: string, options: { signal?: AbortSignal } = {}): Promise<CallerIdentity> {
    if (this.deps.progress && !options.signal) {
      return this.deps.progress(l10n.t('Asking STS who AWS profile "{0}" acts as…', profile), (signal) => this.callerIdentity(profile, { signal }));
    }
    const signal = options.signal;
    const held = await this.get(profile, { signal });
    const plan = this.plan(profile);
    if ('problem' in plan) throw plan.problem;
    const step = plan.steps[0];
    let identity: CallerIdentity;
    try {
      identity = await this.gateway().getCallerIdentity(plan.target, held.credentials, signal);
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      const error = loadErrorSentences().translateStsError(e, { profile, step, endpoint: plan.target.endpoint, region: plan.target.region });
      this.logger.warn(`GetCallerIdentity for profile "${profile}" failed: ${error.message}`);
      throw error;
    }
    await this.store.noteProfile(profile, step.fingerprint, this.deps.clock.now(), identity);
    this.logger.info(`Profile "${profile}" acts as ${identity.arn}.`);
    this.fire(profile);
    return identity;
  }

  async clear(profile: string): Promise<void> {
    const plan = this.plan(profile);
    const fps = 'problem' in plan ? [] : plan.steps.filter(isStoredStep).map((s) => s.fingerprint);
    const removed = await this.store.clearProfile(profile, fps);
    this.logger.info(`Cleared the stored credentials of profile "${profile}" (${removed.length} hop${removed.length === 1 ? '' : 's'}).`);
    this.fire(profile);
    this.scheduler.reschedule();
  }

  async clearAll(): Promise<void> {
    const profiles = this.store.profiles();
    const removed = await this.store.clearAll();
    this.logger.info(`Cleared all stored credentials (${removed.length} hop${removed.length === 1 ? '' : 's'}).`);
    for (const p of profiles) this.fire(p);
    this.scheduler.reschedule();
  }

  onDidChange(listener: (profile: string) => void): { dispose(): void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Fires once, with a sentence, when VS Code's secret storage refuses credentials (they are then kept in memory only). */
  onStorageFailure(listener: (message: string) => void): { dispose(): void } {
    return this.store.onStorageFailure(listener);
  }

  /** Fires when another window ran "Clear All Credentials" (this window then holds nothing either). */
  onDidClearAll(listener: () => void): { dispose(): void } {
    return this.store.onDidClearAll(listener);
  }

  /**
   * Looks again at what is due or already expired: on window focus, and after the computer slept
   * (timers do not advance while it does; the scheduler also looks once a minute while it waits).
   */
  recheck(): void {
    this.scheduler.tick();
  }

  /** The profiles kept fresh: those in use, and those this window handed out within keepFreshMs. */
  private watchedProfiles(): string[] {
    const now = this.deps.clock.now();
    const keep = this.options.keepFreshMs ?? KEEP_FRESH_MS;
    const watched = new Set(this.deps.inUse?.() ?? []);
    for (const [profile, at] of this.usedHere) {
      if (now - at <= keep) watched.add(profile);
      else this.usedHere.delete(profile);
    }
    return [...watched];
  }

  /**
   * Fires when STS refuses an AssumeRole of a chain (AccessDenied), whoever asked: a command, a
   * terminal, a background refresh. Once per refusal (a walk shared by several requests fails once).
   */
  onAssumeDenied(listener: (error: AssumeRoleDeniedError) => void): { dispose(): void } {
    this.deniedListeners.add(listener);
    return { dispose: () => this.deniedListeners.delete(listener) };
  }

  onExpiryWarning(listener: (warning: ExpiryWarning) => void): { dispose(): void } {
    this.warningListeners.add(listener);
    return { dispose: () => this.warningListeners.delete(listener) };
  }

  /** Stops the timer and the SecretStorage subscription. */
  dispose(): void {
    this.scheduler.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.store.dispose();
    this.changeListeners.clear();
    this.warningListeners.clear();
    this.deniedListeners.clear();
  }

  private async walk(profile: string, options: GetCredentialsOptions, signal: AbortSignal): Promise<HeldCredentials> {
    const plan = this.plan(profile);
    if ('problem' in plan) throw plan.problem;
    const { steps } = plan;
    const got = await this.walkSteps(profile, steps, plan.target, options, signal);
    if (got.expiresAt !== null && got.expiresAt <= this.deps.clock.now()) {
      throw new UserError(l10n.t('Profile "{0}" was given credentials that have already expired. Check this computer\'s clock and the credential source.', profile), 'credentials.expired');
    }
    const noted = this.store.noted(profile);
    const identity = got.identity ?? (this.store.profileTop(profile) === steps[0].fingerprint ? noted?.identity : undefined);
    await this.store.noteProfile(profile, steps[0].fingerprint, options.background ? (noted?.usedAt ?? this.deps.clock.now()) : this.deps.clock.now(), identity);
    if (!got.fromStore) {
      this.logger.info(`Profile "${profile}" has credentials through ${steps.length} hop${steps.length === 1 ? '' : 's'} (${steps.map((s) => s.kind).join(' ← ')})${got.expiresAt !== null ? ` until ${new Date(got.expiresAt).toISOString()}` : ''}.`);
      this.fire(profile);
      this.scheduler.reschedule();
    } else if (!noted) {
      this.scheduler.reschedule();
    }
    return { profile, credentials: got.credentials, expiresAt: got.expiresAt, obtainedAt: got.obtainedAt, identity };
  }

  /**
   * Obtains the top of a list of steps (top first), each from the one beneath it, through the store:
   * one MFA code per walk. Public for the MFA session of a profile's keys (src/keys/keySessions.ts).
   */
  async walkSteps(profile: string, steps: CredentialStep[], target: StsTarget, options: GetCredentialsOptions, signal: AbortSignal): Promise<ObtainedCredentials> {
    const interactive = options.interactive ?? true;
    const codes = new Map<string, Promise<string>>();
    const ctx: StepContext = {
      profile,
      target,
      interactive,
      minLifetimeMs: Math.max(options.minLifetimeMs ?? MIN_LIFETIME_MS, MIN_LIFETIME_MS),
      signal,
      forceFingerprint: options.forceRefresh ? steps[0].fingerprint : undefined,
      forceReplaces: options.forceRefresh ? this.store.entry(steps[0].fingerprint)?.obtainedAt : undefined,
      mfaCode: (serial) => {
        let code = codes.get(serial);
        if (!code) {
          code = this.askCode(profile, serial, interactive, signal, options.forTerminal === true);
          codes.set(serial, code);
        }
        return code;
      },
      ssoToken: (session, rejected) => this.ssoDeps().tokens.token(session, { interactive, profile, rejected }),
    };
    const at = (i: number): Promise<ObtainedCredentials> =>
      this.source.obtain(steps[i], () => (i + 1 < steps.length ? at(i + 1) : Promise.reject(new Error(l10n.t('a base step has no source')))), ctx);
    try {
      const got = await at(0);
      if (!got.fromStore) this.scheduler.reschedule();
      return got;
    } catch (e) {
      if (!(e instanceof UserError) && !(e instanceof CancelledError)) this.logger.error(`Obtaining credentials for profile "${profile}" failed unexpectedly: ${(e as Error)?.stack ?? e}`);
      if (e instanceof AssumeRoleDeniedError) this.emitDenied(e);
      throw e;
    }
  }

  private async askCode(profile: string, serialNumber: string, interactive: boolean, signal: AbortSignal, forTerminal: boolean): Promise<string> {
    if (!interactive) throw new NeedsHumanError(profile, serialNumber);
    const code = await this.deps.mfaPrompt({ profile, serialNumber, signal, forTerminal });
    if (code === undefined) {
      this.logger.info(`The MFA prompt for profile "${profile}" was dismissed.`);
      throw new CancelledError();
    }
    if (!/^\d{6}$/.test(code.trim())) throw new UserError(l10n.t('The MFA code for profile "{0}" must be six digits.', profile), 'mfa.format');
    return code.trim();
  }

  /** A profile's steps (top first) and where its STS calls go, or why it has none; public for src/keys/keySessions.ts. */
  plan(profile: string): CredentialPlan {
    const snapshot = this.deps.profiles();
    if (snapshot.plans !== this.plansFor) {
      this.plansFor = snapshot.plans;
      this.planCache = new Map();
    }
    let plan = this.planCache.get(profile);
    if (plan) return plan;
    const resolution = snapshot.plans.get(profile);
    const entry = snapshot.model.profiles.get(profile);
    if (!resolution || !entry) {
      plan = { problem: new UserError(l10n.t('There is no profile "{0}" in the AWS config or credentials file.', profile), 'profile.missing') };
    } else {
      const target = resolveStsTarget(entry.values, snapshot.model.services, this.deps.env);
      if ('problem' in target) {
        plan = { problem: new UserError(`Profile "${profile}": ${target.problem}`, 'profile.endpoint') };
      } else {
        const customEndpoint = target.endpointFrom === 'regional' || target.endpointFrom === 'global' ? undefined : target.endpoint;
        const steps = planCredentialSteps(profile, resolution, snapshot.model, { ...this.options, endpointScope: customEndpoint });
        plan = 'problem' in steps ? steps : { steps: steps.steps, target, scope: customEndpoint };
      }
    }
    this.planCache.set(profile, plan);
    return plan;
  }

  private ssoDeps(): NonNullable<CredentialEngineDeps['sso']> {
    if (!this.deps.sso) throw new UserError(l10n.t('IAM Identity Center (SSO) profiles are not available in this build of AWS Profiles.'), 'sso.unavailable');
    return this.deps.sso;
  }

  private loadSdk(): StsSdk {
    if (!this.sdk) {
      const started = performance.now();
      this.sdk = (this.deps.loadSdk ?? loadStsSdk)();
      this.logger.info(`Loaded the AWS STS client in ${Math.round(performance.now() - started)} ms.`);
    }
    return this.sdk;
  }

  private gatewayInstance: ReturnType<StsSdk['createStsGateway']> | undefined;

  private gateway(): ReturnType<StsSdk['createStsGateway']> {
    this.gatewayInstance ??= this.loadSdk().createStsGateway(this.sdkOptions());
    return this.gatewayInstance;
  }

  private sdkOptions(): SdkOptions {
    return { requestTimeoutMs: this.options.stsRequestTimeoutMs, maxAttempts: this.options.stsMaxAttempts };
  }

  private onStoredChange(fingerprint: string, profiles: string[]): void {
    const affected = new Set(profiles);
    for (const p of this.store.profiles()) if (this.store.profileTop(p) === fingerprint) affected.add(p);
    for (const p of affected) this.fire(p);
    this.scheduler.reschedule();
  }

  private emitDenied(error: AssumeRoleDeniedError): void {
    // l10n-ignore: the log's words
    this.notify(this.deniedListeners, error, 'An AssumeRole refusal listener');
  }

  private emitWarning(warning: ExpiryWarning): void {
    for (const l of this.warningListeners) l(warning);
  }

  /** Tells the listeners a profile's credentials changed. */
  fire(profile: string): void {
    // l10n-ignore: the log's words
    this.notify(this.changeListeners, profile, 'A credentials change listener');
  }

  /** Calls every listener; one that throws is logged and the others still run. */
  private notify<T>(listeners: Iterable<(value: T) => void>, value: T, what: string): void {
    for (const l of listeners) {
      try {
        l(value);
      } catch (e) {
        this.logger.error(`${what} failed: ${(e as Error)?.stack ?? e}`);
      }
    }
  }
}
/** Waits for a shared flight; a waiter's cancel rejects its own wait, and aborts the walk once no one is left who wants it. */
function join(flight: Flight, signal: AbortSignal | undefined): Promise<HeldCredentials> {
  if (!signal) {
    flight.pinned = true;
    return flight.promise;
  }
  if (signal.aborted) return Promise.reject(new CancelledError());
  flight.cancellable++;
  return new Promise((resolve, reject) => {
    const cancel = () => {
      flight.cancellable--;
      if (flight.cancellable === 0 && !flight.pinned) flight.controller.abort();
      reject(new CancelledError());
    };
    signal.addEventListener('abort', cancel, { once: true });
    flight.promise.then(
      (held) => {
        signal.removeEventListener('abort', cancel);
        resolve(held);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', cancel);
        reject(e);
      },
    );
  });
}
