// The terminals' credential_process as installHelper installs it, run as the AWS CLI runs it, against
// a window endpoint of the test's own (a Unix socket that records what it is asked and answers as told).
// Issue 28: Perl's quick start answers the common case alone and hands everything else to the Node
// helper, which words it, without asking the window twice.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ENDPOINT_VARIABLE, helperArgs, helperRequestPath, TERMINAL_VARIABLE } from '../core/terminal/helperProtocol';
import { installHelper } from './terminalFiles';
import { credentialHelperBundle } from '../../test/support/credentialHelperBundle';
import { type ProgramResult, runProgram } from '../../test/support/runProgram';

const PERL = '/usr/bin/perl';
const skip = (process.platform === 'win32' || !existsSync(PERL)) && 'no /usr/bin/perl here';
const dir = mkdtempSync(join(tmpdir(), 'awsp-quick-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CREDENTIALS = JSON.stringify({ Version: 1, AccessKeyId: 'ASIAQUICKSTART000001', SecretAccessKey: 'quick/secret+Start=', SessionToken: 'token', Expiration: '2026-12-06T22:00:00Z' });

/** What the endpoint answers: a status and body, nothing (the connection closed), or never. */
type Reply = { status: number; body: string } | 'close' | 'hang';

/** A window endpoint on a socket of its own: the request lines it was sent, and what it answers. */
async function endpoint(reply: Reply): Promise<{ path: string; requests: string[]; server: Server }> {
  const path = join(dir, `w${Math.random().toString(36).slice(2, 8)}.sock`);
  const requests: string[] = [];
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      requests.push(head.split('\r\n')[0]);
      if (reply === 'hang') return;
      if (reply === 'close') return void socket.destroy();
      const body = Buffer.from(reply.body);
      socket.end(`HTTP/1.1 ${reply.status} X\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString('latin1')}`, 'latin1');
    });
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  after(() => server.close());
  return { path, requests, server };
}

/** The command installHelper gives terminals, with this Perl or (null) none. */
async function installed(perl: string | null = PERL): Promise<string[]> {
  return installHelper(join(dir, `bin-${perl ? 'perl' : 'node'}`), credentialHelperBundle(), { execPath: process.execPath, electron: false, platform: process.platform, perl });
}

/** Runs the installed command with a profile's arguments, as the AWS CLI runs a credential_process. */
function run(command: string[], profile: string, env: Record<string, string | undefined>): Promise<ProgramResult> {
  const [file, ...args] = [...command, ...helperArgs('active', profile)];
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return runProgram(file, args, { env: { ...clean, ...env }, timeout: 60_000 });
}

test('issue 28: where Perl runs, installHelper puts its quick start first, with the Node helper after it and the user\'s Perl and Node variables cleared', { skip }, async () => {
  const command = await installed();
  assert.deepEqual(command.slice(0, 3), ['/usr/bin/env', '-u', 'NODE_OPTIONS']);
  assert.deepEqual(command.slice(-4), [PERL, join(dir, 'bin-perl', 'credential-helper.pl'), process.execPath, join(dir, 'bin-perl', 'credential-helper.js')]);
  for (const v of ['PERL5OPT', 'PERL5LIB', 'PERLLIB']) assert.ok(command.join(' ').includes(`-u ${v} `), `${v} cleared`);
  assert.deepEqual(await installed(null), ['/usr/bin/env', '-u', 'NODE_OPTIONS', process.execPath, join(dir, 'bin-node', 'credential-helper.js')]);
  const broken = await installHelper(join(dir, 'bin-broken'), credentialHelperBundle(), { execPath: process.execPath, electron: false, platform: process.platform, perl: '/bin/false' });
  assert.equal(broken.at(-1), join(dir, 'bin-broken', 'credential-helper.js'), 'a Perl that does not compile the script: the Node helper alone');
});

test('issue 28: the quick start asks what the Node helper asks and prints a 200 answer as it came, once', { skip }, async () => {
  const window = await endpoint({ status: 200, body: CREDENTIALS });
  const profile = 'team a&b=c/é ü+%';
  const got = await run(await installed(), profile, { [ENDPOINT_VARIABLE]: window.path, [TERMINAL_VARIABLE]: 't 7', PERL5OPT: '-MNoSuchModule::AtAll' });
  assert.equal(got.stderr, '');
  assert.equal(got.code, 0);
  assert.equal(got.stdout, CREDENTIALS);
  const expected = helperRequestPath({ profile, via: 'active', terminal: 't 7' });
  assert.equal(window.requests.length, 1);
  const asked = new URL(window.requests[0].split(' ')[1], 'http://x');
  assert.deepEqual([...asked.searchParams], [...new URL(expected, 'http://x').searchParams], 'the same request as helperRequestPath');
  assert.equal(asked.pathname, new URL(expected, 'http://x').pathname);
});

test('issue 28: an answer that is not 200 is worded by the Node helper, and the window is asked once (no second MFA prompt)', { skip }, async () => {
  const window = await endpoint({ status: 403, body: JSON.stringify({ message: 'the MFA code was not given in VS Code (cancelled).' }) });
  const got = await run(await installed(), 'prod', { [ENDPOINT_VARIABLE]: window.path });
  assert.equal(got.code, 1);
  assert.equal(got.stdout, '');
  assert.equal(got.stderr, 'AWS Profiles: the MFA code was not given in VS Code (cancelled).\n');
  assert.equal(window.requests.length, 1);

  const plain = await endpoint({ status: 502, body: 'Bad Gateway' });
  const worded = await run(await installed(), 'prod', { [ENDPOINT_VARIABLE]: plain.path });
  assert.equal(worded.stderr, 'AWS Profiles: the VS Code window answered 502.\n');
  assert.equal(plain.requests.length, 1);
});

test('issue 28: a connection closed without an answer is worded by the Node helper, once', { skip }, async () => {
  const window = await endpoint('close');
  const got = await run(await installed(), 'prod', { [ENDPOINT_VARIABLE]: window.path });
  assert.equal(got.code, 1);
  assert.equal(got.stderr, 'AWS Profiles: VS Code could not be asked for credentials: the VS Code window sent an answer that is not HTTP.\n');
  assert.equal(window.requests.length, 1);
});

test('issue 28: before a request is sent, the Node helper does it all: outside VS Code, and across a reload of the window', { skip }, async () => {
  const outside = await run(await installed(), 'prod', {});
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /^AWS Profiles: profile "prod" gets its credentials from VS Code, and this is not a terminal of a VS Code window/);

  // The window's socket is not there yet (a reload): the Node helper waits for it, as it always did.
  const path = join(dir, 'reloading.sock');
  const pending = run(await installed(), 'prod', { [ENDPOINT_VARIABLE]: path });
  await new Promise((r) => setTimeout(r, 700));
  const requests: string[] = [];
  const server = createServer((socket) => {
    socket.once('data', (chunk) => {
      requests.push(chunk.toString('latin1').split('\r\n')[0]);
      socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(CREDENTIALS)}\r\n\r\n${CREDENTIALS}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  after(() => server.close());
  const got = await pending;
  assert.equal(got.stderr, '');
  assert.equal(got.stdout, CREDENTIALS);
  assert.equal(requests.length, 1);
});

test('issue 28: the Node helper words what the quick start hands over without asking (no answer in time)', { skip }, async () => {
  const window = await endpoint('hang');
  const command = await installed();
  const node = command.slice(command.indexOf(PERL) + 2);
  const got = await run(node, 'prod', { [ENDPOINT_VARIABLE]: window.path, AWS_PROFILES_HELPER_ANSWER: 'timeout', AWS_PROFILES_HELPER_BODY: '' });
  assert.equal(got.stderr, 'AWS Profiles: VS Code did not answer within 5 minutes (was an MFA code asked there?).\n');
  assert.equal(window.requests.length, 0);
});
