// How a copy of the config file (configOverlay) says what it is: where copies live, their names, and
// the lines of their marker section that name the profile and the file they copy. Read by the window
// that sweeps stale copies and by a VS Code that inherited a copy as AWS_CONFIG_FILE.

// l10n-ignore-start: the lines of the copy's marker section, read back by overlaySource and overlayProfile
/** The folder the copies of the config file live in (under the extension's global storage), and their file names' ending. */
export const COPIES_FOLDER = 'terminal-config';
export const COPY_SUFFIX = '.read-only-copy';

/** The start of the copy's line that names the profile its terminals act as. */
export const PROFILE_LINE = '# AWS Profiles for VS Code: terminals act as profile';

/** The start of the copy's line that names the file it copies. */
export const SOURCE_LINE = '# A read-only copy of';

// l10n-ignore-end

/** The path of the config file a copy was made from, from its marker section; undefined when the bytes are no copy of this extension's. */
export function overlaySource(bytes: Uint8Array): string | undefined {
  // l10n-ignore: the copy's own line
  return quotedAfter(bytes, SOURCE_LINE, ', remade on every change');
}

/** The profile a copy's terminals act as, from its marker section; undefined when the bytes are no copy of this extension's. */
export function overlayProfile(bytes: Uint8Array): string | undefined {
  // l10n-ignore: the copy's own line
  return quotedAfter(bytes, PROFILE_LINE, ' through this profile');
}

/** The JSON string between `start ` and `end` on a line of the copy's marker section (its last 64 KiB). */
function quotedAfter(bytes: Uint8Array, start: string, end: string): string | undefined {
  const text = new TextDecoder().decode(bytes.subarray(Math.max(0, bytes.length - 64 * 1024)));
  const match = new RegExp(`^${escape(start)} ("(?:[^"\\\\]|\\\\.)*")${escape(end)}`, 'm').exec(text);
  if (!match) return undefined;
  try {
    const value = JSON.parse(match[1]) as unknown;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
