import { lineOf, parseIni, type IniFile, type IniSection } from './iniParser';
import { ShlexError, shlexSplit } from './shlex';
import type { ConfigValue, FileKind } from './types';

/** Where something is written: a file and a 1-based line. */
export interface Location {
  file: FileKind;
  line: number;
}

/** A file section that botocore reads into a profile. */
export interface ProfileSection extends Location {
  header: string;
}

/** A profile as botocore sees it after merging both files. */
export class ProfileEntry {
  constructor(
    readonly name: string,
    /** Merged values: config-file keys, then credentials-file keys on top. */
    public values: Record<string, ConfigValue>,
    /** The config-file section alone (botocore's ConfigProvider reads only its keys). */
    public configSection: IniSection | null,
    /** The credentials-file section alone (botocore's SharedCredentialProvider reads only its keys). */
    public credentialsSection: IniSection | null,
  ) {}

  /** The config-file section that makes this profile, if any. */
  get config(): ProfileSection | null {
    const s = this.configSection;
    return s && { file: 'config', line: s.line, header: s.name };
  }

  /** The credentials-file section of the same name, if any. */
  get credentials(): ProfileSection | null {
    const s = this.credentialsSection;
    return s && { file: 'credentials', line: s.line, header: s.name };
  }
}

/** Where a key of a profile's merged values is written (the credentials file wins). */
export function keyLocation(entry: ProfileEntry, key: string): Location | undefined {
  const fromCredentials = entry.credentialsSection && lineOf(entry.credentialsSection, key);
  if (fromCredentials) return { file: 'credentials', line: fromCredentials };
  const fromConfig = entry.configSection && lineOf(entry.configSection, key);
  return fromConfig ? { file: 'config', line: fromConfig } : undefined;
}

/** A named `[sso-session X]` or `[services X]` section of the config file. */
export interface NamedSection {
  name: string;
  values: Record<string, ConfigValue>;
  line: number;
}

/** A config-file section botocore reads but does not make a profile of, or replaces. */
export interface IgnoredSection {
  header: string;
  line: number;
  /** `not_a_profile`: `[foo]`; `dropped`: a profile-like header shlex rejects or that is not two words;
   *  `replaced`: a later section made the same profile, sso-session or services entry. */
  why: 'not_a_profile' | 'dropped' | 'replaced';
  /** For `replaced`, the header and line of the section that replaced it. */
  replacedBy?: { header: string; line: number };
  /** For `dropped`, the words shlex made of the header, or its error. */
  words?: string[] | string;
}

/** Everything botocore knows from the two files, with where each thing is written. */
export interface ProfileModel {
  configFile: IniFile;
  credentialsFile: IniFile;
  profiles: Map<string, ProfileEntry>;
  ssoSessions: Map<string, NamedSection>;
  services: Map<string, NamedSection>;
  ignored: IgnoredSection[];
}

/** botocore's `_parse_section`: the second shlex word of a two-word header, else null. */
function sectionName(header: string): { name: string | null; words: string[] | string } {
  let words: string[];
  try {
    words = shlexSplit(header);
  } catch (e) {
    return { name: null, words: e instanceof ShlexError ? e.message : String(e) };
  }
  return { name: words.length === 2 ? words[1] : null, words };
}

/** Builds the profile model from the bytes of both files (null where a file does not exist), or a file's text as an editor holds it. */
export function buildProfileModel(config: Uint8Array | string | null, credentials: Uint8Array | string | null): ProfileModel {
  return modelOfFiles(parseIni(config), parseIni(credentials));
}

/** Builds the profile model from both files as parsed (neither is changed). */
export function modelOfFiles(configFile: IniFile, credentialsFile: IniFile): ProfileModel {
  const profiles = new Map<string, ProfileEntry>();
  const ssoSessions = new Map<string, NamedSection>();
  const services = new Map<string, NamedSection>();
  const ignored: IgnoredSection[] = [];
  // Which section currently holds each sso-session / services name (the later one wins); for
  // profiles, the entry itself says.
  const holders = { 'sso-session': new Map<string, IniSection>(), services: new Map<string, IniSection>() };
  const replaced = (previous: IniSection | null | undefined, section: IniSection): void => {
    if (previous) ignored.push({ header: previous.name, line: previous.line, why: 'replaced', replacedBy: { header: section.name, line: section.line } });
  };
  const claimProfile = (name: string, section: IniSection): void => {
    replaced(profiles.get(name)?.configSection, section);
    profiles.set(name, configProfile(name, section));
  };

  for (const section of configFile.sections) {
    const header = section.name;
    let kind: 'profile' | 'sso-session' | 'services' | null = null;
    if (header.startsWith('profile')) kind = 'profile';
    else if (header.startsWith('sso-session')) kind = 'sso-session';
    else if (header.startsWith('services')) kind = 'services';
    if (kind === null) {
      if (header === 'default') {
        claimProfile('default', section);
      } else {
        ignored.push({ header, line: section.line, why: 'not_a_profile' });
      }
      continue;
    }
    const { name, words } = sectionName(header);
    if (name === null) {
      ignored.push({ header, line: section.line, why: 'dropped', words });
      continue;
    }
    if (kind === 'profile') {
      claimProfile(name, section);
    } else {
      replaced(holders[kind].get(name), section);
      holders[kind].set(name, section);
      (kind === 'sso-session' ? ssoSessions : services).set(name, { name, values: section.values, line: section.line });
    }
  }

  for (const section of credentialsFile.sections) {
    const name = section.name;
    const existing = profiles.get(name);
    if (existing) {
      existing.values = { ...existing.values, ...section.values };
      existing.credentialsSection = section;
    } else {
      profiles.set(name, new ProfileEntry(name, section.values, null, section));
    }
  }
  return { configFile, credentialsFile, profiles, ssoSessions, services, ignored };
}

function configProfile(name: string, section: IniSection): ProfileEntry {
  return new ProfileEntry(name, section.values, section, null);
}
