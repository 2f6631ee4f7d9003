import { type AwsError, knownError } from './AwsError';

/** One injected failure: answer the next `times` calls (of `action`, or of any action) with `code`. */
export interface FaultSpec {
  /** An error code such as Throttling, InternalFailure, AccessDenied, ExpiredToken, RegionDisabled, RequestLimitExceeded, TooManyRequestsException, UnauthorizedException. */
  readonly code: string;
  /** Only calls of this action (e.g. 'AssumeRole', 'GetRoleCredentials', 'CreateToken'); any action when omitted. */
  readonly action?: string;
  /** How many calls fail; 1 when omitted. */
  readonly times?: number;
  /** Overrides the HTTP status (required for codes the endpoint does not know). */
  readonly status?: number;
  readonly message?: string;
}

/** Latency and queued failures that tests inject, plus the per-action call counters they assert on. */
export class Faults {
  private readonly queue: { spec: FaultSpec; remaining: number }[] = [];
  private readonly latencies = new Map<string, number>();
  private readonly calls = new Map<string, number>();

  /** Delays every answer to `action` ('*' for all actions) by `ms` milliseconds; 0 removes the delay. */
  setLatency(action: string, ms: number): void {
    if (ms > 0) this.latencies.set(action, ms);
    else this.latencies.delete(action);
  }

  /** Queues a failure; faults are used in the order they were queued. */
  enqueue(spec: FaultSpec): void {
    knownError(spec.code, spec); // fail fast on an unknown code without a status
    this.queue.push({ spec, remaining: spec.times ?? 1 });
  }

  /** Drops queued faults and latencies (call counters stay). */
  clear(): void {
    this.queue.length = 0;
    this.latencies.clear();
  }

  /** How many requests named `action` arrived (every attempt counts, failed or not); all actions when omitted. */
  callCount(action?: string): number {
    if (action !== undefined) return this.calls.get(action) ?? 0;
    let total = 0;
    for (const n of this.calls.values()) total += n;
    return total;
  }

  /** A snapshot of the counters, e.g. `{ AssumeRole: 2, GetCallerIdentity: 1 }`. */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.calls);
  }

  resetCallCounts(): void {
    this.calls.clear();
  }

  /** Counts a call. */
  recordCall(action: string): void {
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
  }

  /** Counts a call, then waits out the latency injected for its action: what every route does first. */
  async arrive(action: string): Promise<void> {
    this.recordCall(action);
    const latency = this.latencyFor(action);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  }

  /** The latency configured for `action`, else the one for '*'. */
  latencyFor(action: string): number {
    return this.latencies.get(action) ?? this.latencies.get('*') ?? 0;
  }

  /** Takes the next queued fault that applies to `action`, if any. */
  takeFault(action: string): AwsError | undefined {
    const index = this.queue.findIndex((f) => f.spec.action === undefined || f.spec.action === action);
    if (index < 0) return undefined;
    const entry = this.queue[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return knownError(entry.spec.code, entry.spec);
  }

  /** Faults still waiting to be returned. */
  get pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }
}
