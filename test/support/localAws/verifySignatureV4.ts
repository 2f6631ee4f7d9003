import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from './AwsError';

/** How far a request's signing time may be from the server clock (the AWS limit). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of an HTTP request the signature covers, as they arrived on the wire. */
export interface SignedRequest {
  readonly method: string;
  /** Path of the request line, still percent-encoded, without the query. */
  readonly path: string;
  /** Query of the request line without the '?', still percent-encoded. */
  readonly query: string;
  /** Node's `rawHeaders`: name, value, name, value… (repeated headers stay separate). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/** What the `Authorization` header claims: who signed, for which scope, over which headers. */
export interface SignatureClaim {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Reads the `Authorization` header; undefined when absent, AwsError (IncompleteSignature) when malformed. */
export function parseAuthorization(header: string | undefined): SignatureClaim | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) {
    throw incomplete(`Unsupported AWS 'algorithm': '${trimmed.split(' ')[0]}'. Only '${ALGORITHM}' is supported here.`);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const required of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields.get(required)) throw incomplete(`Authorization header requires '${required}' parameter.`);
  }
  const scope = fields.get('Credential')!.split('/');
  if (scope.length !== 5 || scope.some((s) => s === '') || scope[4] !== 'aws4_request') {
    throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request.");
  }
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  if (!/^\d{8}$/.test(scopeDate)) throw incomplete(`Credential should be scoped to a valid date, not '${scopeDate}'.`);
  const signedHeaders = fields.get('SignedHeaders')!.split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase())) {
    throw incomplete('SignedHeaders must be a semicolon-separated list of lower-case header names.');
  }
  if (!signedHeaders.includes('host')) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const signature = fields.get('Signature')!;
  if (!/^[0-9a-f]{64}$/.test(signature)) throw incomplete('Signature must be 64 lower-case hex digits.');
  return { accessKeyId, scopeDate, region, service, signedHeaders, signature };
}

/** Caches derived signing keys: one HMAC chain per key, day, region and service instead of per request. */
export class SigningKeyCache {
  private readonly keys = new Map<string, { secret: string; key: Buffer }>();

  constructor(private readonly capacity = 10_000) {}

  /** The SigV4 signing key: HMAC('AWS4' + secret, date) → region → service → 'aws4_request'. */
  get(accessKeyId: string, secret: string, date: string, region: string, service: string): Buffer {
    const id = `${accessKeyId}/${date}/${region}/${service}`;
    const hit = this.keys.get(id);
    if (hit && hit.secret === secret) return hit.key;
    const kDate = hmac(`AWS4${secret}`, date);
    const key = hmac(hmac(hmac(kDate, region), service), 'aws4_request');
    if (this.keys.size >= this.capacity) this.keys.clear();
    this.keys.set(id, { secret, key });
    return key;
  }
}

/** Checks the claim's signature with the caller's secret; throws SignatureDoesNotMatch (or IncompleteSignature). */
export function verifySignature(
  request: SignedRequest,
  claim: SignatureClaim,
  secretAccessKey: string,
  expectedService: string,
  nowMs: number,
  keys: SigningKeyCache,
): void {
  const headers = groupHeaders(request.rawHeaders);
  const amzDate = requestDate(headers, claim);
  if (amzDate.slice(0, 8) !== claim.scopeDate) {
    throw mismatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  checkSkew(amzDate, nowMs);
  if (claim.service !== expectedService) throw mismatch(`Credential should be scoped to correct service: '${expectedService}'.`);

  const canonicalHeaders = claim.signedHeaders.map((name) => {
    const values = headers.get(name);
    if (values === undefined) throw mismatch(KNOWN_MISMATCH);
    return `${name}:${values.map(canonicalHeaderValue).join(',')}\n`;
  });
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query),
    canonicalHeaders.join(''),
    claim.signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const scope = `${claim.scopeDate}/${claim.region}/${claim.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = keys.get(claim.accessKeyId, secretAccessKey, claim.scopeDate, claim.region, claim.service);
  const expected = hmac(key, stringToSign);
  const provided = Buffer.from(claim.signature, 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) throw mismatch(KNOWN_MISMATCH);
}

/** The first value of a header (case-insensitive) from Node's rawHeaders. */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === wanted) return rawHeaders[i + 1];
  }
  return undefined;
}

/** RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is encoded. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const KNOWN_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function groupHeaders(rawHeaders: readonly string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = headers.get(name);
    if (list) list.push(rawHeaders[i + 1]!);
    else headers.set(name, [rawHeaders[i + 1]!]);
  }
  return headers;
}

function requestDate(headers: Map<string, string[]>, claim: SignatureClaim): string {
  const amz = headers.get('x-amz-date')?.[0];
  if (amz !== undefined) {
    if (!claim.signedHeaders.includes('x-amz-date')) throw incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    if (!/^\d{8}T\d{6}Z$/.test(amz)) throw incomplete(`X-Amz-Date must be in the ISO8601 basic format, not '${amz}'.`);
    return amz;
  }
  const date = headers.get('date')?.[0];
  if (date === undefined) throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!claim.signedHeaders.includes('date')) throw incomplete("'Date' must be a 'SignedHeader' in the AWS Authorization.");
  const ms = Date.parse(date);
  if (Number.isNaN(ms)) throw incomplete(`Date header is not a valid HTTP date: '${date}'.`);
  return toAmzDate(ms);
}

function checkSkew(amzDate: string, nowMs: number): void {
  const signedMs = Date.UTC(
    Number(amzDate.slice(0, 4)),
    Number(amzDate.slice(4, 6)) - 1,
    Number(amzDate.slice(6, 8)),
    Number(amzDate.slice(9, 11)),
    Number(amzDate.slice(11, 13)),
    Number(amzDate.slice(13, 15)),
  );
  if (signedMs < nowMs - MAX_CLOCK_SKEW_MS) {
    throw mismatch(
      `Signature expired: ${amzDate} is now earlier than ${toAmzDate(nowMs - MAX_CLOCK_SKEW_MS)} (${toAmzDate(nowMs)} - 15 min.)`,
    );
  }
  if (signedMs > nowMs + MAX_CLOCK_SKEW_MS) {
    throw mismatch(
      `Signature not yet current: ${amzDate} is still later than ${toAmzDate(nowMs + MAX_CLOCK_SKEW_MS)} (${toAmzDate(nowMs)} + 15 min.)`,
    );
  }
}

/** Formats epoch milliseconds as SigV4's basic ISO 8601 (`20240101T000000Z`). */
export function toAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Non-S3 services encode the wire path once more, after removing '.' and '..' segments. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(segment));
  }
  const trailing = rawPath.endsWith('/') && segments.length > 0 ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [uriEncode(safeDecode(key)), uriEncode(safeDecode(value))] as const;
    });
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function incomplete(message: string): AwsError {
  return new AwsError('IncompleteSignature', 403, message);
}

function mismatch(message: string): AwsError {
  return new AwsError('SignatureDoesNotMatch', 403, message);
}
