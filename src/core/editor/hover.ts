import { chainSummary, hopRow } from '../chains/chainText';
import { REGIONS } from './awsData';
import { nestedPair, span, type AwsDocument, type DocKey, type DocSection, type Position, type Range } from './awsDocument';
import { isSdkOnly, KEYS, readersText, type KeyInfo } from './keyCatalog';
import * as l10n from '@vscode/l10n';

/** A hover: what is under the cursor, in Markdown. Never a value of a secret key. */
export interface EditorHover {
  range: Range;
  markdown: string;
}

/** Sections of the config file the AWS CLI reads for itself. */
const KNOWN_SECTIONS = new Set(['plugins', 'preview', 'cli']);

/** Markdown's special characters escaped, for names and values shown as text. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

/**
 * The hover at a position: on a key, what it does, who reads it (the AWS CLI v1 and v2, botocore,
 * the SDK for JavaScript) and its documentation; on a `source_profile` value, that profile's chain
 * as the Profiles view shows it; on an `sso_session` value, the session; on a region, its name; on
 * a header, what the section is to the AWS CLI. A secret's value is never part of any hover.
 */
export function hoverAt(doc: AwsDocument, position: Position): EditorHover | undefined {
  const section = doc.sectionAt(position.line);
  if (section === undefined) return undefined;
  const { line, character } = position;
  if (line === section.line) return headerHover(doc, section);
  const key = section.keys.find((k) => k.line === line);
  if (key) {
    if (character >= key.keyStart && character <= key.keyEnd) return { range: span(line, key.keyStart, key.keyEnd), markdown: keyHover(section, key.key) };
    if (character >= key.valueStart && character <= key.valueEnd && key.valueEnd > key.valueStart) return valueHover(doc, section, key);
    return undefined;
  }
  // A nested line of a block: its key.
  const owner = section.keys.find((k) => k.continuations.includes(line));
  if (owner && owner.valueStart === owner.valueEnd) {
    const pair = nestedPair(doc.lineText(line));
    if (pair && character >= pair.keyStart && character <= pair.keyEnd) {
      const info = (owner.key === 's3' ? KEYS.s3 : section.kind === 'services' ? KEYS.service : undefined)?.get(pair.key);
      const markdown = info ? keyMarkdown(info) : l10n.t('**{0}**: no setting of the "{1}" block has this name; the AWS CLI ignores it.', md(pair.key), md(owner.key));
      return { range: span(line, pair.keyStart, pair.keyEnd), markdown };
    }
  }
  return undefined;
}

function keyMarkdown(info: KeyInfo): string {
  const sdkOnly = isSdkOnly(info) ? l10n.t('\n\n*Read by the AWS SDKs only: the AWS CLI ignores it.*') : '';
  const values = info.values ? `\n\nValues: ${info.values.map((v) => `\`${v}\``).join(', ')}` : '';
  return l10n.t('**{0}**\n\n{1}{2}{3}\n\nRead by: {4}\n\n[Documentation]({5})', md(info.key), info.summary, sdkOnly, values, readersText(info), info.doc);
}

function keyHover(section: DocSection, key: string): string {
  if (section.kind === 'services') return l10n.t('**{0}**: the endpoint settings of this service (an indented block with endpoint\\_url), for the profiles that name this services section.', md(key));
  const catalog = section.kind === 'sso-session' ? KEYS['sso-session'] : KEYS.profile;
  const info = catalog.get(key);
  if (info) return keyMarkdown(info);
  return l10n.t('**{0}**: no AWS CLI or SDK setting has this name in {1}; the AWS CLI ignores it.', md(key), section.kind === 'sso-session' ? 'an sso-session section' : 'a profile');
}

function valueHover(doc: AwsDocument, section: DocSection, key: DocKey): EditorHover | undefined {
  const info = (section.kind === 'sso-session' ? KEYS['sso-session'] : KEYS.profile).get(key.key);
  if (info === undefined || info.secret) return undefined;
  const value = doc.lineText(key.line).slice(key.valueStart, key.valueEnd);
  const range = span(key.line, key.valueStart, key.valueEnd);
  const { model } = doc.analysis;
  switch (info.names) {
    case 'profile':
      return { range, markdown: chainHover(doc, value) };
    case 'sso-session': {
      const session = model.ssoSessions.get(value);
      if (!session) return { range, markdown: l10n.t('No \\[sso-session {0}\\] section in the config file.', md(value)) };
      const v = session.values;
      const rows = [`**\\[sso-session ${md(value)}\\]** (line ${session.line})`, ''];
      for (const k of ['sso_start_url', 'sso_region', 'sso_registration_scopes']) if (typeof v[k] === 'string') rows.push(`${k.replace(/_/g, '\\_')}: \`${v[k] as string}\`  `);
      return { range, markdown: rows.join('\n') };
    }
    case 'region': {
      const region = REGIONS.find((r) => r.region === value);
      return { range, markdown: region ? `**${region.region}**: ${md(region.name)} (partition \`${region.partition}\`)` : l10n.t('**{0}** is not a region botocore knows.', md(value)) };
    }
    default:
      return undefined;
  }
}

/** A profile's chain as the Profiles view shows its hops, or why it has none. */
function chainHover(doc: AwsDocument, name: string): string {
  const { model, plans } = doc.analysis;
  const entry = model.profiles.get(name);
  const plan = plans.get(name);
  if (!entry || !plan) return l10n.t('No profile is named "{0}" in the AWS files.', md(name));
  const where = [entry.config && l10n.t('config file line {0}', entry.config.line), entry.credentials && l10n.t('credentials file line {0}', entry.credentials.line)].filter(Boolean).join(', ');
  const rows = [`**${md(name)}** (${where})`, ''];
  if (plan.result === 'error') {
    rows.push(l10n.t('The AWS CLI cannot get its credentials: {0}', md(plan.error_message ?? '')));
  } else if (plan.chain.length === 0) {
    rows.push(l10n.t('No credentials: the AWS CLI would fall back to the environment or instance metadata.'));
  } else {
    rows.push(`${md(chainSummary(plan.chain))}`, '');
    for (const hop of plan.chain) {
      const row = hopRow(hop);
      rows.push(`- ${md(row.label)}: ${md(row.description)}`);
    }
  }
  return rows.join('\n');
}

function headerHover(doc: AwsDocument, section: DocSection): EditorHover {
  const { model } = doc.analysis;
  const range = section.headerRange;
  switch (section.kind) {
    case 'profile': {
      const entry = model.profiles.get(section.name!);
      const own = entry && (doc.kind === 'config' ? entry.config?.line === section.line + 1 : entry.credentials?.line === section.line + 1);
      if (!own) return { range, markdown: l10n.t('The AWS CLI does not use this section: a later one makes profile "{0}".', md(section.name!)) };
      return { range, markdown: chainHover(doc, section.name!) };
    }
    case 'sso-session': {
      const users = [...model.profiles.values()].filter((p) => p.values.sso_session === section.name).map((p) => p.name);
      return { range, markdown: l10n.t('**IAM Identity Center session {0}**\n\n{1}', md(section.name!), users.length > 0 ? `Used by: ${users.map(md).join(', ')}` : 'No profile names it in sso\\_session yet.') };
    }
    case 'services': {
      const users = [...model.profiles.values()].filter((p) => p.values.services === section.name).map((p) => p.name);
      return { range, markdown: l10n.t('**Endpoints per service: {0}**\n\n{1}', md(section.name!), users.length > 0 ? `Used by: ${users.map(md).join(', ')}` : 'No profile names it in services yet.') };
    }
    case 'DEFAULT':
      return { range, markdown: l10n.t('**\\[DEFAULT\\]**: every other section of this file inherits its keys (Python\'s configparser), unless it sets them itself.') };
    default:
      if (KNOWN_SECTIONS.has(section.header)) return { range, markdown: l10n.t('**\\[{0}\\]**: the AWS CLI\'s own settings (not a profile).', md(section.header)) };
      return { range, markdown: l10n.t('**\\[{0}\\]** is not a profile: the AWS CLI reads only \\[default\\], \\[profile NAME\\], \\[sso-session NAME\\] and \\[services NAME\\] from the config file.', md(section.header)) };
  }
}
