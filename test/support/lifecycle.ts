import { CredentialEngine } from '../../src/credentials/credentialEngine';
import type { CredentialEngineOptions } from '../../src/credentials/credentialEngine';
import { FakeClock, FakeStsGateway, MemoryLockFolder, MemorySecretStore, MemoryStateStore, SecretBacking, fakeSdk, profilesOf } from './credentialFakes';

/**
 * Windows of VS Code over one machine, for tests and the bench of the credentials lifecycle
 * (issue 15): each window is a CredentialEngine of its own, all sharing one fake clock, one STS,
 * one SecretStorage and one globalState, as VS Code's windows share them. Each window's SecretStorage
 * is its own copy, which another window's write reaches `propagationMs` later (test/support/credentialFakes.ts,
 * SecretBacking), as in VS Code.
 */

export const LIFECYCLE_CONFIG = `[profile prod]
source_profile = hub
role_arn = arn:aws:iam::666666666666:role/Prod
[profile hub]
source_profile = default
role_arn = arn:aws:iam::777777777777:role/Hub
[profile short]
source_profile = default
role_arn = arn:aws:iam::666666666666:role/Short
duration_seconds = 900
[profile admin]
source_profile = default
role_arn = arn:aws:iam::777777777777:role/Admin
mfa_serial = arn:aws:iam::111111111111:mfa/alice
`;

export const LIFECYCLE_CREDENTIALS = `[default]
aws_access_key_id = AKIAEXAMPLEDEVALICE1
aws_secret_access_key = localAwsDemoSecretForAlice0000000000000A
`;

export interface Machine {
  clock: FakeClock;
  sts: FakeStsGateway;
  backing: SecretBacking;
  state: MemoryStateStore;
  /** The machine's lock files (globalStorage), shared by the windows of each host. */
  locks: MemoryLockFolder[];
  windows: CredentialEngine[];
  /** MFA prompts shown, in any window ("window profile"). */
  prompts: string[];
  /** The profiles in use in each window (what its status bar and terminals hold). */
  inUse: string[][];
}

export interface MachineOptions {
  windows: number;
  /** Each window's share of the refresh jitter (default: spread evenly). */
  jitters?: number[];
  /** The profiles in use, the same in every window unless given per window. */
  inUse?: string[] | string[][];
  options?: CredentialEngineOptions;
  config?: string;
  /** How long a window's SecretStorage write takes to reach the others (default 120 ms of the fake clock). */
  propagationMs?: number;
  /**
   * The host of each window (default all on one): windows of one host share its globalStorage (lock
   * files), windows of different hosts (a remote window and a local one) only SecretStorage.
   */
  hosts?: number[];
  /** How long each MFA box stays open before the code is typed (ms of the fake clock; default at once). */
  typingMs?: number;
}

/** Opens `windows` windows on one machine. */
export function machine(o: MachineOptions): Machine {
  const clock = new FakeClock();
  const sts = new FakeStsGateway(clock);
  const backing = new SecretBacking({ timer: clock, delayMs: o.propagationMs });
  const state = new MemoryStateStore();
  const hosts = Array.from({ length: o.windows }, (_, i) => o.hosts?.[i] ?? 0);
  const locks = Array.from({ length: Math.max(...hosts) + 1 }, () => new MemoryLockFolder());
  const profiles = profilesOf(o.config ?? LIFECYCLE_CONFIG, LIFECYCLE_CREDENTIALS);
  const prompts: string[] = [];
  const inUse = Array.from({ length: o.windows }, (_, i) => {
    const given = o.inUse ?? [];
    return Array.isArray(given[0]) ? [...(given as string[][])[i]] : [...(given as string[])];
  });
  const windows = Array.from(
    { length: o.windows },
    (_, i) =>
      new CredentialEngine({
        profiles: () => profiles,
        env: {},
        secrets: new MemorySecretStore(backing),
        state,
        clock,
        timer: clock,
        windowId: `window-${i}`,
        locks: locks[hosts[i]],
        refreshJitter: o.jitters?.[i] ?? i / o.windows,
        inUse: () => inUse[i],
        options: o.options,
        mfaPrompt: async ({ profile }) => {
          prompts.push(`${i} ${profile}`);
          if (o.typingMs) await new Promise<void>((resolve) => clock.setTimeout(resolve, o.typingMs!));
          return '123456';
        },
        loadSdk: () => fakeSdk(sts),
      }),
  );
  return { clock, sts, backing, state, locks, windows, prompts, inUse };
}

/** Lets every pending promise chain (SecretStorage events, refreshes) run to its end. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Waits for `promise` while the fake clock moves on `stepMs` at a time (at most `maxMs`): what
 * windows do at once needs time to pass, as SecretStorage reaches other windows only after a delay.
 */
export async function drive<T>(m: Machine, promise: Promise<T>, o: { stepMs?: number; maxMs?: number } = {}): Promise<T> {
  let done = false;
  const watched = promise.finally(() => (done = true));
  watched.catch(() => undefined);
  const end = m.clock.now() + (o.maxMs ?? 10 * 60_000);
  await settle();
  while (!done && m.clock.now() < end) {
    m.clock.advance(o.stepMs ?? 10);
    await settle();
  }
  return watched;
}

/**
 * Runs the machine for `ms` of fake time, a step at a time; at each step every window's terminal
 * traffic asks for `traffic.profile` with the endpoint's minimum lifetime (15 minutes), if given. The
 * steps keep to a schedule from `origin` (default now): time a window spends waiting for another's
 * result (a moment of SecretStorage's delay) does not push the next requests later.
 */
export async function run(m: Machine, ms: number, traffic?: { profile: string; everyMs: number; minLifetimeMs?: number }, origin = m.clock.now()): Promise<void> {
  const step = traffic?.everyMs ?? 60_000;
  const end = origin + ms;
  for (let at = origin + step; ; at += step) {
    const next = Math.min(at, end);
    if (next <= m.clock.now()) continue;
    m.clock.advance(next - m.clock.now());
    await settle();
    if (traffic) {
      await drive(m, Promise.all(m.windows.map((w) => w.get(traffic.profile, { interactive: false, minLifetimeMs: traffic.minLifetimeMs ?? 15 * 60_000 }))));
      await settle();
    }
    if (next >= end) break;
  }
}

/** STS calls per hour of fake time for one chain kept in use by `windows` windows with terminal traffic (the bench's lifecycle figures). */
export async function callsPerHour(windows: number, hours = 6): Promise<number> {
  const m = machine({ windows, inUse: ['prod'] });
  const origin = m.clock.now();
  await drive(m, Promise.all(m.windows.map((w) => w.get('prod'))));
  await settle();
  const before = m.sts.count();
  await run(m, hours * 3600_000, { profile: 'prod', everyMs: 30_000 }, origin);
  for (const w of m.windows) w.dispose();
  return (m.sts.count() - before) / hours;
}
