import { hasOwn } from '../common/objects';
import { pyInt, pyRepr } from '../config/pyText';
import { PyValueError, pyUrlHostname } from '../config/pyUrl';
import type { ConfigValue, ProfileErrorKind } from '../config/types';
import * as l10n from '@vscode/l10n';

/** Why building a profile's credential resolver fails: botocore's (or Python's) exception, and the setting. */
export interface SettingFailure {
  kind: ProfileErrorKind;
  /** Python's or botocore's own message. */
  python: string;
  key: string;
}

// l10n-ignore: Python's own words, quoted
const DICT_INT = "int() argument must be a string, a bytes-like object or a real number, not 'dict'";

/**
 * What goes wrong when botocore builds the credential resolver of a profile
 * (`create_credential_resolver`), before any provider runs: it reads the profile's instance metadata
 * settings, `metadata_service_timeout` and `metadata_service_num_attempts` through `int()`, then
 * `ec2_metadata_service_endpoint_mode` (lower-cased, one of ipv4 / ipv6), then checks the endpoint
 * the fetcher will call (`ec2_metadata_service_endpoint` if set, else by the mode) with
 * `is_valid_uri`. The settings are the profile's own (its section, not `default`'s for the profile
 * named ""). Null where nothing fails.
 */
export function imdsSettingsFailure(values: Record<string, ConfigValue>): SettingFailure | null {
  for (const key of ['metadata_service_timeout', 'metadata_service_num_attempts']) {
    if (!hasOwn(values, key)) continue;
    const v = values[key];
    if (typeof v !== 'string') return { kind: 'TypeError', python: DICT_INT, key };
    if (pyInt(v) === null) return { kind: 'invalid_value', python: l10n.t('invalid literal for int() with base 10: {0}', pyRepr(v)), key };
  }
  if (hasOwn(values, 'ec2_metadata_service_endpoint_mode')) {
    const mode = values.ec2_metadata_service_endpoint_mode;
    if (typeof mode !== 'string') return { kind: 'AttributeError', python: l10n.t('\'dict\' object has no attribute \'lower\''), key: 'ec2_metadata_service_endpoint_mode' };
    const lower = mode.toLowerCase();
    if (lower !== 'ipv4' && lower !== 'ipv6') {
      return {
        kind: 'InvalidIMDSEndpointModeError',
        python: l10n.t('Invalid EC2 Instance Metadata endpoint mode: {0} Valid endpoint modes (case-insensitive): (\'ipv4\', \'ipv6\').', mode),
        key: 'ec2_metadata_service_endpoint_mode',
      };
    }
  }
  const custom = hasOwn(values, 'ec2_metadata_service_endpoint') ? values.ec2_metadata_service_endpoint : '';
  if (typeof custom !== 'string') return { kind: 'TypeError', python: l10n.t('unhashable type: \'dict\''), key: 'ec2_metadata_service_endpoint' };
  // An empty endpoint is no endpoint: the fetcher uses the default one (IPv4 or IPv6 by the mode), always valid.
  if (custom === '') return null;
  try {
    if (!isValidUri(custom)) {
      return { kind: 'InvalidIMDSEndpointError', python: l10n.t('Invalid endpoint EC2 Instance Metadata endpoint: {0}', custom), key: 'ec2_metadata_service_endpoint' };
    }
  } catch (e) {
    if (!(e instanceof PyValueError)) throw e;
    return { kind: 'invalid_value', python: e.message, key: 'ec2_metadata_service_endpoint' };
  }
  return null;
}

const HEX = '[0-9A-Fa-f]{1,4}';
const IPV4 = '(?:[0-9]{1,3}\\.){3}[0-9]{1,3}';
const LS32 = `(?:${HEX}:${HEX}|${IPV4})`;
const IPV6 = [
  `(?:${HEX}:){6}${LS32}`,
  `::(?:${HEX}:){5}${LS32}`,
  `(?:${HEX})?::(?:${HEX}:){4}${LS32}`,
  `(?:(?:${HEX}:)?${HEX})?::(?:${HEX}:){3}${LS32}`,
  `(?:(?:${HEX}:){0,2}${HEX})?::(?:${HEX}:){2}${LS32}`,
  `(?:(?:${HEX}:){0,3}${HEX})?::${HEX}:${LS32}`,
  `(?:(?:${HEX}:){0,4}${HEX})?::${LS32}`,
  `(?:(?:${HEX}:){0,5}${HEX})?::${HEX}`,
  `(?:(?:${HEX}:){0,6}${HEX})?::`,
].join('|');
/** botocore's IPV6_ADDRZ_RE (urllib3's): a bracketed IPv6 address with an optional zone. */
const IPV6_ADDRZ = new RegExp(`^\\[(?:${IPV6})(?:(?:%25|%)(?:[A-Za-z0-9._!\\-~]|%[a-fA-F0-9]{2})+)?\\]$`);

/** A character of a host label for botocore's `[A-Z\d-]` with re.IGNORECASE (Unicode digits, and ı ſ K İ, which case-fold to ASCII). */
function isLabelChar(ch: string): boolean {
  return /^[A-Za-z0-9-]$/.test(ch) || /^\p{Nd}$/u.test(ch) || 'ıſKİ'.includes(ch);
}

/** botocore's `is_valid_uri`: a URL with a DNS host name, or with a bracketed IPv6 address. */
function isValidUri(url: string): boolean {
  if (/[\t\r\n]/.test(url)) return false;
  let host = pyUrlHostname(url);
  if (host !== null && [...host].length <= 255) {
    if (host.endsWith('.')) host = host.slice(0, -1);
    const labels = host.split('.').map((label) => [...label]);
    const valid = labels.every((l) => l.length >= 1 && l.length <= 63 && l[0] !== '-' && l[l.length - 1] !== '-' && l.every(isLabelChar));
    if (valid) return true;
  }
  return IPV6_ADDRZ.test(`[${pyUrlHostname(url)}]`);
}
