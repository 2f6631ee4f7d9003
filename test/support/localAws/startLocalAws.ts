import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { AwsError } from './AwsError';
import { EC2_VERSION, handleEc2Action, renderEc2Error, toEc2AuthError } from './ec2Actions';
import { isFederationPath, serveFederation } from './federationServer';
import { IAM_VERSION, handleIamAction, renderIamError } from './iamActions';
import { isUsableKey, noteKeyUse } from './IamKeys';
import { type AccessKey, LocalAwsState, type LocalAwsStateOptions, type Scenario } from './LocalAwsState';
import { isSigninPath, serveSignin } from './signinServer';
import { isSsoPath, serveSso } from './ssoServer';
import { STS_VERSION, UNSIGNED_STS_ACTIONS, handleStsAction, renderStsError } from './stsActions';
import { SigningKeyCache, type SignedRequest, headerValue, parseAuthorization, verifySignature } from './verifySignatureV4';

/** Options of the local endpoint. */
export interface LocalAwsOptions extends LocalAwsStateOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /**
   * The loopback address to listen on, 127.0.0.1 by default. Another one (127.0.0.2) keeps a web
   * workbench from taking the sign-in page for a local port to forward (code-server rewrites
   * 127.0.0.1 URLs that an extension opens to its own /proxy/PORT/).
   */
  readonly host?: string;
  /** Seeded into the state before the server listens. */
  readonly scenario?: Scenario;
  /** Region assumed for unsigned calls (AssumeRoleWithWebIdentity); us-east-1 by default. */
  readonly defaultRegion?: string;
}

/** A running local endpoint. */
export interface LocalAws {
  /** `http://HOST:PORT` (127.0.0.1 unless told otherwise), for the SDK's `endpoint` or the CLI's `--endpoint-url`. */
  readonly url: string;
  readonly port: number;
  /** The live state model: add users and roles, seed instances, move the clock, inject faults, read call counters. */
  readonly state: LocalAwsState;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

type Service = 'sts' | 'ec2' | 'iam';

/**
 * Starts a local STS + EC2 + IAM endpoint that verifies SigV4 signatures against its state model; the same
 * port serves IAM Identity Center (SSO OIDC, the portal and the sign-in pages, see ssoServer.ts) and
 * the console sign-in endpoint (/federation, see federationServer.ts).
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const state = new LocalAwsState(options);
  if (options.scenario) state.loadScenario(options.scenario);
  const keys = new SigningKeyCache();
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => serve(state, keys, defaultRegion, req, body, res),
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  state: LocalAwsState,
  keys: SigningKeyCache,
  defaultRegion: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const query = mark < 0 ? '' : url.slice(mark + 1);
  if (isSsoPath(path)) return serveSso(state, req, path, query, body, res, requestId);
  if (isFederationPath(path)) return serveFederation(state, req, path, query, body, res, requestId);
  if (isSigninPath(path)) return serveSignin(state, req, path, query, body, res, requestId);
  const params = parseParams(query, req.method, req.headers['content-type'], body);
  const authorization = headerValue(req.rawHeaders, 'authorization');
  const service: Service = serviceOf(params.get('Version'), authorization);
  try {
    const action = params.get('Action');
    if (!action) throw new AwsError('MissingAction', 400, 'Request is missing Action parameter.');
    await state.faults.arrive(action);

    const isUnsigned = service === 'sts' && UNSIGNED_STS_ACTIONS.has(action);
    const signed: SignedRequest = { method: req.method ?? 'GET', path, query, rawHeaders: req.rawHeaders, body };
    const auth = isUnsigned ? undefined : authenticate(state, keys, signed, service, authorization);
    const fault = state.faults.takeFault(action);
    if (fault) throw fault;
    const request = { state, action, params, caller: auth?.caller, region: auth?.region ?? defaultRegion, requestId };
    const xml = service === 'sts' ? handleStsAction(request) : service === 'iam' ? handleIamAction(request) : handleEc2Action(request);
    send(state, res, 200, xml, requestId);
  } catch (error) {
    const awsError = error instanceof AwsError ? error : new AwsError('InternalFailure', 500, 'An internal error has occurred');
    if (!(error instanceof AwsError)) console.error('localAws: unexpected error', error);
    if (service === 'ec2') {
      const ec2Error = toEc2AuthError(awsError);
      send(state, res, ec2Error.status, renderEc2Error(ec2Error, requestId), requestId);
    } else if (service === 'iam') {
      send(state, res, awsError.status, renderIamError(awsError, requestId), requestId);
    } else {
      send(state, res, awsError.status, renderStsError(awsError, requestId), requestId);
    }
  }
}

/** Verifies the signature and the key behind it; throws the AwsError STS would answer with. */
function authenticate(
  state: LocalAwsState,
  keys: SigningKeyCache,
  request: SignedRequest,
  service: Service,
  authorization: string | undefined,
): { caller: AccessKey; region: string } {
  const claim = parseAuthorization(authorization);
  if (!claim) throw new AwsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  const key = state.accessKey(claim.accessKeyId);
  const invalidToken = new AwsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  // A deleted key is unknown; an inactive one, or one IAM created a moment ago, is refused the same way.
  if (!key || !isUsableKey(key, state.now())) throw invalidToken;
  const token = headerValue(request.rawHeaders, 'x-amz-security-token');
  if (token !== key.sessionToken) throw invalidToken;
  if (token !== undefined && !claim.signedHeaders.includes('x-amz-security-token')) {
    throw new AwsError('IncompleteSignature', 403, "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
  }
  verifySignature(request, claim, key.secretAccessKey, service, state.now(), keys);
  if (key.expiresAt !== undefined && key.expiresAt <= state.now()) {
    throw new AwsError('ExpiredToken', 403, 'The security token included in the request is expired');
  }
  noteKeyUse(key, state.now(), service, claim.region);
  return { caller: key, region: claim.region };
}

/** STS, EC2 and IAM share one port: the API Version picks the service, else the signature's scope does. */
function serviceOf(version: string | undefined, authorization: string | undefined): Service {
  if (version === EC2_VERSION) return 'ec2';
  if (version === STS_VERSION) return 'sts';
  if (version === IAM_VERSION) return 'iam';
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\//.exec(authorization ?? '')?.[1];
  return scope === 'ec2' || scope === 'iam' ? scope : 'sts';
}

/** Query parameters plus a form body (also read without a Content-Type, so a stripped header fails the signature, not the parse). */
function parseParams(query: string, method: string | undefined, contentType: string | undefined, body: Buffer): Map<string, string> {
  const params = new Map<string, string>(new URLSearchParams(query));
  const isForm = contentType === undefined ? method === 'POST' : contentType.toLowerCase().startsWith('application/x-www-form-urlencoded');
  if (body.length > 0 && isForm) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

function send(state: LocalAwsState, res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': Buffer.byteLength(xml),
    'x-amzn-RequestId': requestId,
    // The server clock, so the SDK's clock-skew correction follows an injected clock as it follows AWS.
    Date: new Date(state.now()).toUTCString(),
  });
  res.end(xml);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
