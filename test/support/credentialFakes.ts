import type { AwsCredentials, CallerIdentity, Clock, SecretStore, StateStore } from '../../src/core/credentials/credentials';
import { analyze } from '../../src/core/index';
import type { Logger } from '../../src/core/common/logger';
import type { LockFolder } from '../../src/base/lockFile';
import type { Timer } from '../../src/credentials/refreshScheduler';
import type { AssumeRoleRequest, FederationTokenRequest, IssuedCredentials, SessionTokenRequest, StsEndpoint, StsGateway, StsSdk, WebIdentityRequest } from '../../src/aws/sts/stsGateway';
import type { ProfileSnapshot } from '../../src/credentials/credentialEngine';

/** Fakes for the credentials engine's seams (no mocks): stores, clock, timer, logger, STS. */

/** Bytes of an INI text. */
export const b = (s: string) => new TextEncoder().encode(s);

/** The profiles of two inline files, as the engine reads them. */
export function profilesOf(config: string, credentials: string | null = null): ProfileSnapshot {
  const a = analyze(b(config), credentials === null ? null : b(credentials));
  return { model: a.model, plans: a.plans };
}

/** A clock tests move by hand; timers registered on it fire as it passes them. */
export class FakeClock implements Clock, Timer {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(public time = Date.UTC(2026, 0, 1, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn: callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** How many timers are armed (the engine keeps at most one). */
  get armed(): number {
    return this.timers.length;
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((x, y) => x.at - y.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }
}

/**
 * What every window's SecretStorage goes back to (VS Code's application storage), and the windows
 * over it. As in VS Code (`secrets.ts` over `storage.ts`), a window reads and writes its own copy:
 * another window's write reaches it `delayMs` later (VS Code flushes a window's writes after 100 ms,
 * then tells the other windows), and only then fires its change event there. `data` is what was
 * written, as a window opened now would load it.
 */
export class SecretBacking {
  readonly data = new Map<string, string>();
  readonly windows = new Set<MemorySecretStore>();
  /** How long a write takes to reach the other windows (ms). */
  readonly delayMs: number;
  private readonly timer: Timer | undefined;

  /** `timer`: the clock the delay runs on (a FakeClock in tests of windows); absent, real time. */
  constructor(options: { timer?: Timer; delayMs?: number } = {}) {
    this.timer = options.timer;
    this.delayMs = options.delayMs ?? 120;
  }

  /** A write (value) or delete (undefined) of one window, reaching the others after the delay. */
  propagate(from: MemorySecretStore, key: string, value: string | undefined): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
    for (const w of this.windows) {
      if (w === from) continue;
      const arrive = () => w.arrived(key, value);
      if (this.timer) this.timer.setTimeout(arrive, this.delayMs);
      else setTimeout(arrive, this.delayMs);
    }
  }

  /** Puts a value in every window's copy at once, with their change events (state a test starts from). */
  inject(key: string, value: string | undefined): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
    for (const w of this.windows) w.arrived(key, value);
  }
}

/**
 * One window's SecretStorage: its own copy of what the backing held when it opened, its own writes
 * at once (with its own change event), other windows' writes after the backing's delay.
 */
export class MemorySecretStore implements SecretStore {
  private readonly listeners = new Set<(key: string) => void>();
  private readonly copy: Map<string, string>;
  constructor(readonly backing = new SecretBacking()) {
    this.copy = new Map(backing.data);
    backing.windows.add(this);
  }
  async get(key: string): Promise<string | undefined> {
    return this.copy.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.copy.set(key, value);
    this.notify(key);
    this.backing.propagate(this, key, value);
  }
  async delete(key: string): Promise<void> {
    if (!this.copy.delete(key)) return;
    this.notify(key);
    this.backing.propagate(this, key, undefined);
  }
  onDidChange(listener: (key: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  /** Another window's write reached this one. */
  arrived(key: string, value: string | undefined): void {
    if (value === undefined) {
      if (!this.copy.delete(key)) return;
    } else this.copy.set(key, value);
    this.notify(key);
  }
  private notify(key: string): void {
    for (const l of this.listeners) queueMicrotask(() => l(key));
  }
}

/**
 * The lock files of one machine (globalStorage), in memory: `create` succeeds for exactly one of the
 * windows creating a name, as the file system's exclusive create does. Windows of one host share one.
 */
export class MemoryLockFolder implements LockFolder {
  readonly files = new Map<string, string>();
  async create(name: string, content: string): Promise<boolean> {
    if (this.files.has(name)) return false;
    this.files.set(name, content);
    return true;
  }
  async read(name: string): Promise<string | undefined> {
    return this.files.get(name);
  }
  async write(name: string, content: string): Promise<void> {
    this.files.set(name, content);
  }
  async remove(name: string): Promise<void> {
    this.files.delete(name);
  }
}

/** An in-memory globalState. */
export class MemoryStateStore implements StateStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

/** A logger that keeps every line. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
}

type Call = { action: string; target: StsEndpoint; caller?: AwsCredentials; request: unknown };

/** An STS that issues made-up credentials on the fake clock and counts calls; `fail` injects errors. */
export class FakeStsGateway implements StsGateway {
  readonly calls: Call[] = [];
  private serial = 0;
  /** Errors to throw on the next calls of an action. */
  readonly failures: { action: string; error: Error }[] = [];
  /** While set, calls wait for it before answering (a slow STS); an abort of their signal ends the wait with the SDK's AbortError. */
  hold: Promise<void> | undefined;
  /** Calls whose signal was aborted. */
  aborted = 0;
  constructor(private readonly clock: Clock, private readonly lifetimeSeconds?: number) {}

  count(action?: string): number {
    return action ? this.calls.filter((c) => c.action === action).length : this.calls.length;
  }

  private async slow(signal: AbortSignal | undefined): Promise<void> {
    if (!this.hold) return;
    await new Promise<void>((resolve, reject) => {
      const abort = () => {
        this.aborted++;
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      void this.hold!.then(resolve);
    });
  }

  private issue(action: string, target: StsEndpoint, caller: AwsCredentials | undefined, request: unknown, duration: number | undefined, roleArn?: string): IssuedCredentials {
    this.calls.push({ action, target, caller, request });
    const f = this.failures.findIndex((x) => x.action === action);
    if (f >= 0) throw this.failures.splice(f, 1)[0].error;
    const n = ++this.serial;
    const seconds = this.lifetimeSeconds ?? duration ?? (action === 'GetSessionToken' ? 43200 : 3600);
    const credentials = {
      accessKeyId: `ASIAFAKE${String(n).padStart(12, '0')}`,
      secretAccessKey: `fakeSecret${n}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
      sessionToken: `fakeSessionToken${n}zzzzzzzzzzzzzzzzzzzzzz`,
      expiration: this.clock.now() + seconds * 1000,
    };
    const identity: CallerIdentity | undefined = roleArn
      ? { arn: roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/s', account: roleArn.split(':')[4], userId: `AROA${n}:s` }
      : undefined;
    return { credentials, identity };
  }

  async assumeRole(target: StsEndpoint, caller: AwsCredentials, request: AssumeRoleRequest, signal?: AbortSignal): Promise<IssuedCredentials> {
    await this.slow(signal);
    return this.issue('AssumeRole', target, caller, request, request.durationSeconds, request.roleArn);
  }
  async getSessionToken(target: StsEndpoint, caller: AwsCredentials, request: SessionTokenRequest): Promise<IssuedCredentials> {
    return this.issue('GetSessionToken', target, caller, request, request.durationSeconds);
  }
  async assumeRoleWithWebIdentity(target: StsEndpoint, request: WebIdentityRequest): Promise<IssuedCredentials> {
    return this.issue('AssumeRoleWithWebIdentity', target, undefined, request, request.durationSeconds, request.roleArn);
  }
  async getFederationToken(target: StsEndpoint, caller: AwsCredentials, request: FederationTokenRequest): Promise<IssuedCredentials> {
    const issued = this.issue('GetFederationToken', target, caller, request, request.durationSeconds);
    return { ...issued, identity: { arn: `arn:aws:sts::111111111111:federated-user/${request.name}`, account: '111111111111', userId: `111111111111:${request.name}` } };
  }
  async getCallerIdentity(target: StsEndpoint, caller: AwsCredentials): Promise<CallerIdentity> {
    this.calls.push({ action: 'GetCallerIdentity', target, caller, request: {} });
    return { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/alice', userId: 'AIDAALICE' };
  }
}

/** An SDK module whose gateway is the fake. */
export function fakeSdk(gateway: StsGateway, env: Record<string, string> = {}): StsSdk {
  return {
    createStsGateway: () => gateway,
    credentialSource: async (name) => {
      if (name === 'Environment' && env.AWS_ACCESS_KEY_ID) return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' };
      throw new Error(`no ${name} credentials`);
    },
  };
}
