// The `credential_process` of the extension's terminals (dist/credentialHelper.js): asks the VS Code
// window of this terminal for a profile's credentials and prints them as the AWS CLI and SDKs
// expect (`{"Version": 1, ...}`). Run by the Node that runs the extension host (or VS Code's own
// binary as Node), never a `node` on PATH. Arguments: `<via> <profile>` (see helperProtocol).
// Errors go to stderr as one sentence, which the AWS CLI shows after "Error when retrieving
// credentials from custom-process:". Where Perl is found, credentialHelper.pl runs first and hands
// over to this program whatever is not a plain 200 answer (see there).
import { connect } from 'node:net';
import { ENDPOINT_VARIABLE, HANDED_ANSWER_VARIABLE, HANDED_BODY_VARIABLE, helperRequestPath, TERMINAL_VARIABLE, type HelperVia } from '../core/terminal/helperProtocol';
import * as l10n from '@vscode/l10n';

/** How long the window may be away (a reload restarts its endpoint in a few seconds). */
const CONNECT_RETRY_MS = 20_000;
/** How long an answer may take: a refresh may wait for an MFA code typed in VS Code. */
const ANSWER_TIMEOUT_MS = 5 * 60_000;

function fail(message: string): never {
  process.stderr.write(l10n.t('AWS Profiles: {0}\n', message));
  process.exit(1);
}

/**
 * One GET over the window's socket, in plain HTTP/1.1 on a socket of `node:net`: loading `node:http`
 * (its agent, parsers and streams) took about 40 ms of the helper's start, which every AWS CLI call
 * in a terminal pays (measured 2026-12-06). The endpoint answers with a Content-Length and closes.
 */
function ask(endpoint: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(endpoint);
    const chunks: Buffer[] = [];
    socket.setTimeout(ANSWER_TIMEOUT_MS, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    // l10n-ignore: the HTTP request's own text
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: aws-profiles\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const response = Buffer.concat(chunks);
      const headEnd = response.indexOf('\r\n\r\n');
      const head = response.subarray(0, headEnd < 0 ? response.length : headEnd).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (headEnd < 0 || status === null) {
        reject(new Error(l10n.t('the VS Code window sent an answer that is not HTTP.')));
        return;
      }
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      const body = response.subarray(headEnd + 4, length ? headEnd + 4 + Number(length[1]) : undefined);
      resolve({ status: Number(status[1]), body: body.toString('utf8') });
    });
  });
}

/** Prints a 200 answer's credentials, or fails with the sentence the window sent (else its status). */
function answer(status: number, body: string): void {
  if (status === 200) {
    process.stdout.write(body);
    return;
  }
  let message = l10n.t('the VS Code window answered {0}.', status);
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    /* not JSON: keep the status */
  }
  fail(message);
}

function timedOut(): never {
  fail(l10n.t('VS Code did not answer within {0} minutes (was an MFA code asked there?).', ANSWER_TIMEOUT_MS / 60_000));
}

function unreachable(reason: string): never {
  fail(l10n.t('VS Code could not be asked for credentials: {0}', reason));
}

/** What the quick start (credentialHelper.pl) got after it asked: worded here, never asked again. */
function handedOver(handed: string, body: string): void {
  if (handed === 'timeout') timedOut();
  if (/^\d{3}$/.test(handed)) answer(Number(handed), body);
  else unreachable(body === 'not HTTP' ? l10n.t('the VS Code window sent an answer that is not HTTP.') : body);
}

async function main(): Promise<void> {
  const [via, profile] = process.argv.slice(2) as [HelperVia | undefined, string | undefined];
  if (profile === undefined || (via !== 'active' && via !== 'profile' && via !== 'keys')) {
    fail(l10n.t('usage: credentialHelper.js active|profile|keys PROFILE (this program is run by the AWS CLI and SDKs as a credential_process).'));
  }
  const handed = process.env[HANDED_ANSWER_VARIABLE];
  if (handed) {
    handedOver(handed, process.env[HANDED_BODY_VARIABLE] ?? '');
    return;
  }
  const endpoint = process.env[ENDPOINT_VARIABLE];
  if (!endpoint) {
    fail(
      l10n.t('profile "{0}" gets its credentials from VS Code, and this is not a terminal of a VS Code window with AWS Profiles ({1} is not set). ', profile, ENDPOINT_VARIABLE) +
        l10n.t('Outside VS Code, use your own config file: unset AWS_CONFIG_FILE and AWS_PROFILE.'),
    );
  }
  const path = helperRequestPath({ profile, via, terminal: process.env[TERMINAL_VARIABLE] || undefined });
  const deadline = Date.now() + CONNECT_RETRY_MS;
  for (;;) {
    try {
      const { status, body } = await ask(endpoint, path);
      answer(status, body);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The window is reloading (its endpoint is back in a moment), or gone.
      if ((code === 'ENOENT' || code === 'ECONNREFUSED') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      if (code === 'ENOENT' || code === 'ECONNREFUSED') {
        fail(l10n.t('the VS Code window of this terminal is closed (no answer at {0}). Open a new terminal in a VS Code window.', endpoint));
      }
      if (code === 'ETIMEDOUT') timedOut();
      unreachable((e as Error).message);
    }
  }
}

void main();
