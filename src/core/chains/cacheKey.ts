import * as crypto from 'node:crypto';
import { pyJsonString } from '../config/pyText';

/** The parameters of an STS call that botocore's JSON file cache keys on. */
export interface CacheKeyArgs {
  RoleArn: string;
  RoleSessionName?: string;
  ExternalId?: string;
  SerialNumber?: string;
  /** An integer, as a decimal string (Python ints have no size limit). */
  DurationSeconds?: string;
}

/**
 * The AWS CLI's cache file name for an assume-role or web-identity hop (`~/.aws/cli/cache/<key>.json`):
 * the SHA-1 of `json.dumps(args, sort_keys=True)`. The values may be nested blocks in odd files;
 * those are keyed as Python would print them.
 */
export function cliCacheKey(args: CacheKeyArgs): string {
  // json.dumps(sort_keys=True): the keys in this fixed, sorted order, ", " and ": " separators.
  let json = '{';
  if (args.DurationSeconds !== undefined) json += '"DurationSeconds": ' + args.DurationSeconds + ', ';
  if (args.ExternalId !== undefined) json += '"ExternalId": ' + jsonValue(args.ExternalId) + ', ';
  json += '"RoleArn": ' + jsonValue(args.RoleArn);
  if (args.RoleSessionName !== undefined) json += ', "RoleSessionName": ' + jsonValue(args.RoleSessionName);
  if (args.SerialNumber !== undefined) json += ', "SerialNumber": ' + jsonValue(args.SerialNumber);
  return sha1Hex(json + '}');
}

function jsonValue(value: unknown): string {
  if (typeof value === 'string') return pyJsonString(value);
  const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => `${pyJsonString(k)}: ${pyJsonString(v)}`).join(', ') + '}';
}

/** SHA-1 in hex; `crypto.hash` (Node 20.12+) is several times faster than createHash for short inputs. */
const sha1Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'hex')
    : (text) => crypto.createHash('sha1').update(text, 'utf8').digest('hex');
