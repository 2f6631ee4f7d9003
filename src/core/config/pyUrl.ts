// l10n-ignore-start: Python's own messages, quoted as botocore shows them
/**
 * Python's URL rules, where botocore's checks of a URL setting depend on them: `urllib.parse`'s
 * `urlsplit(url).hostname` (with the ValueErrors urlsplit raises) and `ipaddress.ip_address`, as in
 * Python 3.11. Only what botocore's `is_valid_uri` needs.
 */

import { pyRepr } from './pyText';

/** A ValueError Python raises while splitting a URL (botocore lets it through). */
export class PyValueError extends Error {}

const SCHEME_CHARS = /^[A-Za-z0-9+.-]+$/;

/** Characters urlsplit strips from the start of a URL: C0 controls and space. */
function isC0OrSpace(code: number): boolean {
  return code <= 0x20;
}

/** Python `ipaddress.IPv4Address(s)` accepts s: four decimal octets, no leading zeros. */
function isIPv4(s: string): boolean {
  const octets = s.split('.');
  return (
    octets.length === 4 &&
    octets.every((o) => /^[0-9]{1,3}$/.test(o) && (o === '0' || o[0] !== '0') && Number(o) <= 255)
  );
}

/** Python `ipaddress.IPv6Address(s)` accepts s (with a `%scope`, an embedded IPv4 tail, one `::`). */
function isIPv6(s: string): boolean {
  if (s.includes('/')) return false;
  const percent = s.indexOf('%');
  if (percent >= 0) {
    const scope = s.slice(percent + 1);
    if (scope === '' || scope.includes('%')) return false;
    s = s.slice(0, percent);
  }
  if (s === '') return false;
  const parts = s.split(':');
  if (parts.length < 3) return false;
  if (parts[parts.length - 1].includes('.')) {
    if (!isIPv4(parts.pop()!)) return false;
    parts.push('0', '0');
  }
  if (parts.length > 9) return false;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] !== '') continue;
    if (skip >= 0) return false;
    skip = i;
  }
  let hi: number;
  let lo: number;
  if (skip >= 0) {
    hi = skip;
    lo = parts.length - skip - 1;
    if (parts[0] === '' && --hi !== 0) return false;
    if (parts[parts.length - 1] === '' && --lo !== 0) return false;
    if (8 - (hi + lo) < 1) return false;
  } else {
    if (parts.length !== 8 || parts[0] === '' || parts[7] === '') return false;
    hi = 8;
    lo = 0;
  }
  const hextets = [...parts.slice(0, hi), ...(lo > 0 ? parts.slice(-lo) : [])];
  return hextets.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h));
}

/** urlsplit's `_check_bracketed_host`: an IPvFuture literal or an IPv6 address, never IPv4. */
function checkBracketedHost(host: string): void {
  if (host.startsWith('v')) {
    // Python's `.` is anything but \n (JavaScript's also stops at \r, U+2028 and U+2029).
    if (!/^v[a-fA-F0-9]+\..+$/s.test(host) || host.includes('\n')) throw new PyValueError('IPvFuture address is invalid');
    return;
  }
  if (isIPv4(host)) throw new PyValueError('An IPv4 address cannot be in brackets');
  if (!isIPv6(host)) throw new PyValueError(`${pyRepr(host)} does not appear to be an IPv4 or IPv6 address`);
}

/** urlsplit's `_checknetloc`: a non-ASCII netloc must not gain URL delimiters under NFKC. */
function checkNetloc(netloc: string): void {
  // eslint-disable-next-line no-control-regex
  if (netloc === '' || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, '');
  const normalized = n.normalize('NFKC');
  if (n === normalized) return;
  if (/[/?#@:]/.test(normalized)) throw new PyValueError(`netloc '${netloc}' contains invalid characters under NFKC normalization`);
}

/**
 * Python `urlsplit(url).hostname`: the host of the part after `//`, lower-cased (an IPv6 zone
 * after `%` kept as written), or null. Throws PyValueError where urlsplit raises ValueError.
 */
export function pyUrlHostname(url: string): string | null {
  let start = 0;
  while (start < url.length && isC0OrSpace(url.charCodeAt(start))) start++;
  let rest = url.slice(start).replace(/[\t\r\n]/g, '');
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z]/.test(rest) && SCHEME_CHARS.test(rest.slice(0, colon))) rest = rest.slice(colon + 1);
  if (!rest.startsWith('//')) {
    return null;
  }
  let end = rest.length;
  for (const delimiter of ['/', '?', '#']) {
    const at = rest.indexOf(delimiter, 2);
    if (at >= 0) end = Math.min(end, at);
  }
  const netloc = rest.slice(2, end);
  const open = netloc.includes('[');
  const close = netloc.includes(']');
  if (open !== close) throw new PyValueError('Invalid IPv6 URL');
  if (open) checkBracketedHost(netloc.slice(netloc.indexOf('[') + 1).split(']')[0]);
  checkNetloc(netloc);
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1);
  const bracket = hostinfo.indexOf('[');
  const hostname = bracket >= 0 ? hostinfo.slice(bracket + 1).split(']')[0] : hostinfo.split(':')[0];
  if (hostname === '') return null;
  const percent = hostname.indexOf('%');
  return percent < 0 ? hostname.toLowerCase() : hostname.slice(0, percent).toLowerCase() + hostname.slice(percent);
}
