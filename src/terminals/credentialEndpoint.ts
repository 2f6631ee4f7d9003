import { chmod, open, stat, unlink } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { HeldCredentials } from '../core/credentials/credentials';
import { CancelledError, NeedsHumanError, UserError } from '../core/common/errors';
import { type Logger, silentLogger } from '../core/common/logger';
import { parseHelperRequest, type HelperRequest } from '../core/terminal/helperProtocol';
import { isoSeconds } from '../core/terminal/envExport';
import * as l10n from '@vscode/l10n';

/** Options of a window's credential endpoint. */
export interface CredentialEndpointOptions {
  /**
   * Answers a helper's request with credentials, or throws: a UserError (refused, or a failure the
   * terminal should read), a NeedsHumanError, or a CancelledError (the user dismissed the MFA box).
   */
  resolve(request: HelperRequest): Promise<HeldCredentials>;
  logger?: Logger;
  /** The clock of the log's per-minute cap (tests). */
  now?: () => number;
}

/** Refused or failed requests logged per minute at most; the rest are counted in one line. */
export const LOGGED_FAILURES_PER_MINUTE = 20;

/** What of a request's sentence the log keeps (a profile name can be as long as a request is). */
export const LOGGED_SENTENCE_CHARS = 300;

/** A path is already served by a live endpoint (another window, or this one not yet gone). */
export class EndpointInUseError extends Error {}

/**
 * The window's credential endpoint: a small HTTP server on a Unix socket (a named pipe on Windows)
 * in a folder only its user can enter, asked by the `credential_process` helper of the window's
 * terminals (src/helper). The folder's permissions are its lock: any process of the user may ask,
 * as any of them may read ~/.aws; no other user, and no web page, can reach it. Nothing secret is
 * handed to terminals, so nothing secret can reach disk through them (VS Code saves terminals'
 * environments when it quits). The path stays the same across window reloads, so that terminals
 * outliving a reload keep working.
 */
export class CredentialEndpoint {
  private readonly logger: Logger;
  private server: Server | undefined;
  private listening: string | undefined;
  private readonly sockets = new Set<Socket>();
  /** The log's per-minute cap: when the minute started, how many lines it has had. */
  private minute = { start: 0, logged: 0, dropped: 0 };

  constructor(private readonly options: CredentialEndpointOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Where it listens, once it does. */
  get path(): string | undefined {
    return this.listening;
  }

  /**
   * Listens on `path`. A socket file left by a window that is gone is replaced; one that a live
   * endpoint answers on is not (EndpointInUseError).
   */
  async listen(path: string): Promise<void> {
    if (this.listening !== undefined) throw new Error(l10n.t('The credential endpoint already listens on {0}.', this.listening));
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.headersTimeout = 10_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await this.takeOver(server, path);
    if (process.platform !== 'win32') await chmod(path, 0o600).catch(() => undefined);
    server.on('error', (e) => this.logger.error(`Credential endpoint: ${e.message}`));
    this.server = server;
    this.listening = path;
    this.logger.info(`Credential endpoint listening on ${path}.`);
  }

  /**
   * Listens on `path`, replacing a socket file nothing answers on. Two windows doing so at once (a
   * restart of code-server's tabs) would race between the check and the unlink, and one could
   * unlink the other's live socket: the check, the unlink and the listen happen under a lock file
   * (created exclusively next to the socket), so that one of them listens and the other gets
   * EndpointInUseError, never a raw EADDRINUSE.
   */
  private async takeOver(server: Server, path: string): Promise<void> {
    const inUse = () => new EndpointInUseError(l10n.t('{0} is in use by another VS Code window.', path));
    for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
      try {
        return await listenOn(server, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.platform === 'win32') throw e;
      }
      if (await answers(path)) throw inUse();
      const release = await exclusiveLock(`${path}.takeover`);
      if (!release) {
        await new Promise((r) => setTimeout(r, 20 + 20 * attempt)); // another window is taking over: see what it made of it
        continue;
      }
      try {
        if (await answers(path)) throw inUse();
        await unlink(path).catch(() => undefined);
        return await listenOn(server, path);
      } finally {
        await release();
      }
    }
    throw inUse();
  }

  /** Stops listening and closes every connection (the socket file goes with it). */
  async dispose(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    this.listening = undefined;
    this.logger.info('Credential endpoint stopped.');
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return send(res, 405, { message: l10n.t('Only GET is allowed.') });
    }
    const request = parseHelperRequest(req.url ?? '');
    if (!request) return send(res, 404, { message: l10n.t('Not a request of the AWS Profiles helper.') });
    this.options.resolve(request).then(
      (held) => send(res, 200, this.answer(held)),
      (e: unknown) => this.fail(request, e, res),
    );
  }

  /** The credential_process format (Version 1); long-term keys without SessionToken and Expiration, as they never expire. */
  private answer(held: HeldCredentials): Record<string, unknown> {
    const c = held.credentials;
    return {
      Version: 1,
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { SessionToken: c.sessionToken } : {}),
      ...(c.expiration !== undefined ? { Expiration: isoSeconds(c.expiration) } : {}),
    };
  }

  /** One sentence for the terminal; the status only tells the helper that it failed. */
  private fail(request: HelperRequest, e: unknown, res: ServerResponse): void {
    if (e instanceof CancelledError) return send(res, 400, { message: l10n.t('No MFA code was entered in VS Code for profile "{0}".', request.profile) });
    if (e instanceof NeedsHumanError || e instanceof UserError) {
      this.logCapped('warn', l10n.t('Credential endpoint: {0}', e.message));
      return send(res, e instanceof UserError && e.code === 'endpoint.refused' ? 403 : 400, { message: e.message });
    }
    this.logCapped('error', l10n.t('Credential endpoint: unexpected failure for profile "{0}": {1}', request.profile, e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
    send(res, 500, { message: l10n.t('AWS Profiles could not get credentials for profile "{0}"; see the "AWS Profiles" output in VS Code.', request.profile) });
  }

  /**
   * Logs a failed request's sentence, cut to LOGGED_SENTENCE_CHARS, and at most
   * LOGGED_FAILURES_PER_MINUTE of them a minute (any process of the user can send requests, and each
   * names the profile it asked for): the rest are counted in one line when the next minute begins.
   */
  private logCapped(level: 'warn' | 'error', sentence: string): void {
    const now = (this.options.now ?? Date.now)();
    if (now - this.minute.start >= 60_000) {
      if (this.minute.dropped > 0) this.logger.warn(`Credential endpoint: ${this.minute.dropped} more failed request(s) in that minute were not logged.`);
      this.minute = { start: now, logged: 0, dropped: 0 };
    }
    if (this.minute.logged >= LOGGED_FAILURES_PER_MINUTE) {
      this.minute.dropped++;
      return;
    }
    this.minute.logged++;
    this.logger[level](sentence.length > LOGGED_SENTENCE_CHARS ? `${sentence.slice(0, LOGGED_SENTENCE_CHARS)}… (${sentence.length} characters)` : sentence);
  }
}

/** How often a window tries to take over a socket path another window is taking over too. */
const TAKEOVER_ATTEMPTS = 25;

/** A lock file older than this was left by a window that died while taking over: it is removed. */
const STALE_LOCK_MS = 5_000;

/** Creates `path` exclusively, or undefined when another process holds it (a stale one is removed first); resolves to its release. */
async function exclusiveLock(path: string): Promise<(() => Promise<void>) | undefined> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      await (await open(path, 'wx', 0o600)).close();
      return () => unlink(path).catch(() => undefined);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age < STALE_LOCK_MS) return undefined;
      await unlink(path).catch(() => undefined);
    }
  }
  return undefined;
}

function listenOn(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Whether something answers on a socket path. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
