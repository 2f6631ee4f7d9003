import { UserError } from '../common/errors';
import { parseIni, type LineInfo } from '../config/iniParser';
import * as l10n from '@vscode/l10n';

/**
 * The edits a key rotation and "Replace Access Keys with Console Sign-In…" make to the AWS files,
 * on their bytes: a key's two values replaced where they are written (same lines, every other byte
 * kept: comments, spacing, line endings), a profile's keys removed, `login_session` set. Each edit
 * refuses a file the AWS CLI refuses, and a key written across continuation lines.
 */

const ID_KEY = 'aws_access_key_id';
const SECRET_KEY = 'aws_secret_access_key';

/** One line of the text: where its content starts and ends, and its line ending ('' for a last line without one). */
interface Line {
  text: string;
  eol: string;
}

/** The lines as botocore numbers them (universal newlines: \r\n, \r and \n each end one). */
function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ text: text.slice(at, m.index), eol: m[0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), eol: '' });
  return out;
}

function join(lines: Line[]): Uint8Array {
  return new TextEncoder().encode(lines.map((l) => l.text + l.eol).join(''));
}

/** The file as text and its lines' kinds; a UserError for a file the AWS CLI refuses (nothing is edited then). */
function read(bytes: Uint8Array, path: string): { lines: Line[]; info: LineInfo[] } {
  const parsed = parseIni(bytes, { lines: true });
  if (parsed.rejection) {
    throw new UserError(l10n.t('{0}, line {1}: {2}. The AWS CLI cannot read the file as it is, so AWS Profiles does not edit it: fix that line first.', path, parsed.rejection.at, parsed.rejection.message), 'keys.fileRejected');
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  return { lines: splitLines(text), info: parsed.lines! };
}

/** Where a line's value starts and ends (configparser: after the first `=` or `:` and its spaces, trailing spaces not part of it). */
function valueSpan(text: string): { start: number; end: number } {
  const delimiter = text.search(/[=:]/);
  let start = delimiter + 1;
  while (start < text.length && /\s/.test(text[start])) start++;
  let end = text.length;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function valueOf(line: Line): string {
  const { start, end } = valueSpan(line.text);
  return line.text.slice(start, end);
}

function withValue(line: Line, value: string): Line {
  const { start, end } = valueSpan(line.text);
  return { text: line.text.slice(0, start) + value + line.text.slice(end), eol: line.eol };
}

/** The 0-based index of the key line of `key` in `section`, refusing one continued on further lines. */
function keyLine(info: LineInfo[], section: string, key: string, path: string): number | undefined {
  let found: number | undefined;
  for (let n = 1; n < info.length; n++) if (info[n].kind === 'key' && info[n].section === section && info[n].key === key) found = n;
  if (found === undefined) return undefined;
  if (info[found + 1]?.kind === 'continuation') {
    throw new UserError(l10n.t('{0}, line {1}: {2} of [{3}] goes on over several lines, which AWS Profiles does not edit. Write it on one line.', path, found, key, section), 'keys.continuation');
  }
  return found - 1;
}

/** The sections (their names as written between the brackets, `DEFAULT` included) whose own aws_access_key_id is this key id. */
export function sectionsWithKey(bytes: Uint8Array, accessKeyId: string, path: string): string[] {
  const { lines, info } = read(bytes, path);
  const out: string[] = [];
  for (let n = 1; n < info.length; n++) {
    const i = info[n];
    if (i.kind === 'key' && i.key === ID_KEY && i.section !== undefined && valueOf(lines[n - 1]) === accessKeyId && !out.includes(i.section)) out.push(i.section);
  }
  return out;
}

/**
 * Replaces a key wherever it is written in one file: in every section whose aws_access_key_id is
 * `oldKeyId`, that value and the section's aws_secret_access_key, on the same lines. Returns the new
 * bytes and the sections changed (none: the bytes are the same).
 */
export function replaceKey(bytes: Uint8Array, oldKeyId: string, key: { accessKeyId: string; secretAccessKey: string }, path: string): { bytes: Uint8Array; sections: string[] } {
  if (!/^[A-Z0-9]{16,128}$/.test(key.accessKeyId) || /[\s]/.test(key.secretAccessKey) || key.secretAccessKey === '') {
    throw new UserError(l10n.t('IAM answered a key that cannot be written into {0}. Nothing was written.', path), 'keys.badKey');
  }
  const { lines, info } = read(bytes, path);
  const sections = sectionsWithKey(bytes, oldKeyId, path);
  for (const section of sections) {
    const id = keyLine(info, section, ID_KEY, path)!;
    const secret = keyLine(info, section, SECRET_KEY, path);
    if (secret === undefined) throw new UserError(l10n.t('{0}: [{1}] has aws_access_key_id but no aws_secret_access_key. Nothing was written.', path, section), 'keys.partial');
    lines[id] = withValue(lines[id], key.accessKeyId);
    lines[secret] = withValue(lines[secret], key.secretAccessKey);
  }
  return { bytes: sections.length === 0 ? bytes : join(lines), sections };
}

/**
 * Removes a section's keys (aws_access_key_id, aws_secret_access_key, and a session token if any),
 * whole lines, only where aws_access_key_id is `accessKeyId`; the header and every other line stay.
 */
export function removeKeys(bytes: Uint8Array, section: string, accessKeyId: string, path: string): Uint8Array {
  const { lines, info } = read(bytes, path);
  const id = keyLine(info, section, ID_KEY, path);
  if (id === undefined || valueOf(lines[id]) !== accessKeyId) throw new UserError(l10n.t('{0}: [{1}] no longer holds the key being replaced. Nothing was written.', path, section), 'keys.changed');
  const doomed = new Set<number>([id]);
  for (const key of [SECRET_KEY, 'aws_session_token', 'aws_security_token']) {
    const n = keyLine(info, section, key, path);
    if (n !== undefined) doomed.add(n);
  }
  return join(lines.filter((_, n) => !doomed.has(n)));
}

/** What `login_session` may be: the ARN of the signed-in identity, on one line. */
const LOGIN_SESSION = /^arn:aws[\w-]*:(iam|sts)::\d{12}:[^\s]+$/;

/**
 * Sets `login_session` in a config-file section (its name as written: `default`, `profile dev`):
 * the value replaced where it is written, else a line `login_session = …` after the section's last
 * line of settings, else a new section appended. New lines end like the file's first line.
 */
export function setLoginSession(bytes: Uint8Array | null, section: string, loginSession: string, path: string): Uint8Array {
  if (!LOGIN_SESSION.test(loginSession)) throw new UserError(l10n.t('The sign-in named no identity AWS Profiles can write into {0} ({1}). Nothing was written.', path, loginSession.slice(0, 80)), 'keys.badSession');
  const { lines, info } = read(bytes ?? new Uint8Array(), path);
  const eol = lines.find((l) => l.eol !== '')?.eol ?? '\n';
  const line = (text: string): Line => ({ text, eol });
  const existing = keyLine(info, section, 'login_session', path);
  if (existing !== undefined) {
    lines[existing] = withValue(lines[existing], loginSession);
    return join(lines);
  }
  let header = -1;
  let last = -1;
  for (let n = 1; n < info.length; n++) {
    const i = info[n];
    if (i.kind === 'header' && header < 0 && i.section === section) header = last = n - 1;
    else if (header >= 0 && (i.kind === 'key' || i.kind === 'continuation') && i.section === section) last = n - 1;
    else if (header >= 0 && i.kind === 'header') break;
  }
  if (lines.length > 0 && lines[lines.length - 1].eol === '') lines[lines.length - 1] = { ...lines[lines.length - 1], eol };
  if (header < 0) {
    if (lines.length > 0 && lines[lines.length - 1].text.trim() !== '') lines.push(line(''));
    lines.push(line(`[${section}]`), line(`login_session = ${loginSession}`));
  } else {
    lines.splice(last + 1, 0, line(`login_session = ${loginSession}`));
  }
  return join(lines);
}
