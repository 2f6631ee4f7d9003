import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, CredentialService, HeldCredentials } from '../core/credentials';
import type { EndpointRegistration } from '../core/endpointEnv';
import { isoSeconds } from '../core/terminal/envExport';
import { NeedsHumanError, UserError } from '../core/errors';
import { type Logger, silentLogger } from '../core/logger';

/** Lifetime every answer asks the engine for: botocore and the SDK for Java refresh 15 minutes before expiry. */
export const ENDPOINT_MIN_LIFETIME_MS = 15 * 60_000;

/** The one path the endpoint serves. */
export const ENDPOINT_PATH = '/aws-profiles/v1/credentials';

/** Bytes of each token: 256 random bits. */
const TOKEN_BYTES = 32;

/** Expiration announced for long-term keys (which have none): clients ask again within the hour. */
const LONG_TERM_ANSWER_MS = 60 * 60_000;

/** Options of a window's credential endpoint. */
export interface CredentialEndpointOptions {
  /** The credentials engine; asked on every request, non-interactively. */
  credentials: Pick<CredentialService, 'get'>;
  logger?: Logger;
  /** Called once per episode when a profile's refresh needs a human (an MFA code), so the UI can offer a refresh. */
  onNeedsHuman?: (profile: string) => void;
  clock?: Clock;
  /** The comparison of token digests; a seam only so that tests can see it is the constant-time one. */
  timingSafeEqual?: (a: Buffer, b: Buffer) => boolean;
}

interface Registration extends EndpointRegistration {
  profile: string;
  digest: Buffer;
}

/**
 * A per-window HTTP server on 127.0.0.1 that serves the container credential format
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN) to the window's
 * terminals, each token bound to one profile, so that long-running shells ask for fresh
 * credentials whenever theirs near expiry. Started on the first registration, stopped by dispose().
 */
export class CredentialEndpoint {
  private readonly bySlot = new Map<string, Registration>();
  /** Registrations in an array, walked whole on every request (no early exit). */
  private registrations: Registration[] = [];
  private readonly needsHuman = new Set<string>();
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly equal: (a: Buffer, b: Buffer) => boolean;
  private server: Server | undefined;
  private listening: Promise<string> | undefined;
  private expectedHost = '';
  private refused = 0;
  private disposed = false;

  constructor(private readonly options: CredentialEndpointOptions) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date;
    this.equal = options.timingSafeEqual ?? timingSafeEqual;
  }

  /**
   * The URL and token for terminals of one profile. A slot is one holder of a token: by default
   * the profile itself (terminals of the same profile share it); the UI uses one slot for the
   * window's active profile and one per "Open Terminal with Profile…" terminal, so that each can be
   * revoked alone. A slot keeps its token for the window's lifetime, unless it is given another
   * profile (a new token) or revoked. A token is never valid for another profile.
   */
  async register(profile: string, slot: string = profile): Promise<EndpointRegistration> {
    const url = await this.start();
    let registration = this.bySlot.get(slot);
    if (registration?.profile !== profile) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      registration = { profile, url, token, digest: digest(token) };
      this.bySlot.set(slot, registration);
      this.registrations = [...this.bySlot.values()];
      this.logger.info(`Credential endpoint: terminals of profile "${profile}" may now fetch credentials.`);
    }
    return { url: registration.url, token: registration.token };
  }

  /** Invalidates a slot's token (terminals holding it get 403 from now on); the next register() makes a new one. */
  revoke(slot: string): void {
    const registration = this.bySlot.get(slot);
    if (!registration) return;
    this.bySlot.delete(slot);
    this.registrations = [...this.bySlot.values()];
    if (!this.registrations.some((r) => r.profile === registration.profile)) this.needsHuman.delete(registration.profile);
  }

  /** Invalidates every token of a profile, whatever its slot (its credentials were cleared). */
  revokeProfile(profile: string): void {
    for (const [slot, r] of [...this.bySlot]) if (r.profile === profile) this.revoke(slot);
  }

  /** Invalidates every token. */
  revokeAll(): void {
    this.bySlot.clear();
    this.registrations = [];
    this.needsHuman.clear();
  }

  /** The server's port, once started (for tests and the log). */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  /** Stops listening, closes every connection and forgets every token. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.bySlot.clear();
    this.registrations = [];
    const server = this.server;
    if (!server) return;
    await this.listening?.catch(() => undefined);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.logger.info('Credential endpoint stopped.');
  }

  private start(): Promise<string> {
    if (this.disposed) return Promise.reject(new Error('The credential endpoint was disposed.'));
    this.listening ??= new Promise<string>((resolve, reject) => {
      const server = createServer((req, res) => this.handle(req, res));
      server.keepAliveTimeout = 5_000;
      server.headersTimeout = 10_000;
      server.requestTimeout = 30_000;
      this.server = server;
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (e) => this.logger.error(`Credential endpoint: ${e.message}`));
        const { port } = server.address() as AddressInfo;
        this.expectedHost = `127.0.0.1:${port}`;
        this.logger.info(`Credential endpoint listening on 127.0.0.1:${port}.`);
        resolve(`http://127.0.0.1:${port}${ENDPOINT_PATH}`);
      });
    });
    return this.listening;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // A page on another origin that rebinds its name to 127.0.0.1 still sends its own Host.
    if (req.headers.host !== this.expectedHost) return this.refuse(res, 403, 'InvalidHost');
    if (pathOf(req.url) !== ENDPOINT_PATH) return send(res, 404, error('NotFound', 'Not found.'));
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return send(res, 405, error('MethodNotAllowed', 'Only GET is allowed.'));
    }
    const registration = this.find(req.headers.authorization);
    if (!registration) return this.refuse(res, 403, 'AccessDenied');
    this.serve(registration.profile, res);
  }

  /**
   * The registration whose token is the Authorization header. Digests make every comparison one of
   * two 32-byte buffers whatever the header's length, and every registration is compared.
   */
  private find(authorization: string | undefined): Registration | undefined {
    const presented = digest(authorization ?? '');
    let found: Registration | undefined;
    for (const r of this.registrations) {
      if (this.equal(presented, r.digest)) found = r;
    }
    return found;
  }

  private serve(profile: string, res: ServerResponse): void {
    this.options.credentials.get(profile, { minLifetimeMs: ENDPOINT_MIN_LIFETIME_MS, interactive: false }).then(
      (held) => {
        this.needsHuman.delete(profile);
        send(res, 200, this.answer(held));
      },
      (e: unknown) => this.fail(profile, e, res),
    );
  }

  /** The container credential format; AccountId is read by botocore for account-based endpoints. */
  private answer(held: HeldCredentials): string {
    const c = held.credentials;
    return JSON.stringify({
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      // The SDK for JavaScript requires Token and Expiration to be strings, even for long-term keys.
      Token: c.sessionToken ?? '',
      Expiration: isoSeconds(c.expiration ?? this.clock.now() + LONG_TERM_ANSWER_MS),
      ...(held.identity ? { AccountId: held.identity.account } : {}),
    });
  }

  /**
   * An error the clients report: 4xx is not retried by the SDKs for Java and Go, 5xx is (so it is
   * kept for what may pass). The body carries `code`/`message` (SDKs for Go and Java) and
   * `Code`/`Message` (SDK for JavaScript); botocore prints the body as it is.
   */
  private fail(profile: string, e: unknown, res: ServerResponse): void {
    if (e instanceof NeedsHumanError) {
      if (!this.needsHuman.has(profile)) {
        this.needsHuman.add(profile);
        this.logger.warn(`Credential endpoint: ${e.message}`);
        try {
          this.options.onNeedsHuman?.(profile);
        } catch (callbackError) {
          this.logger.error(`Credential endpoint: the needs-a-human callback failed: ${String(callbackError)}`);
        }
      }
      return send(res, 400, error('MfaCodeNeeded', e.message));
    }
    if (e instanceof UserError) {
      this.logger.warn(`Credential endpoint: ${e.message}`);
      return send(res, e.retryable ? 503 : 400, error(e.code, e.message));
    }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    this.logger.error(`Credential endpoint: unexpected failure for profile "${profile}": ${message}`);
    send(res, 500, error('InternalError', `AWS Profiles could not get credentials for profile "${profile}"; see the "AWS Profiles" output.`));
  }

  /** Refuses without saying anything of value; logs a count (1, 10, 100, …), never the header. */
  private refuse(res: ServerResponse, status: number, code: string): void {
    this.refused++;
    if (isPowerOfTen(this.refused)) {
      this.logger.warn(`Credential endpoint: refused ${this.refused} request(s) without a valid token or host so far (latest: ${code}).`);
    }
    send(res, status, error(code, 'Forbidden.'));
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function error(code: string, message: string): string {
  return JSON.stringify({ code, message, Code: code, Message: message });
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function isPowerOfTen(n: number): boolean {
  while (n >= 10 && n % 10 === 0) n /= 10;
  return n === 1;
}
