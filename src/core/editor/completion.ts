import { hopLabel } from '../chains/chainText';
import { REGIONS, SERVICE_KEYS } from './awsData';
import { span, type AwsDocument, type Position, type Range, type SectionContext } from './awsDocument';
import { isSdkOnly, KEYS, readersText, type KeyInfo } from './keyCatalog';
import * as l10n from '@vscode/l10n';

/** What a completion offers. */
export type CompletionKind = 'key' | 'value' | 'section' | 'snippet' | 'profile' | 'session' | 'services' | 'region' | 'service';

/** One completion item, editor-neutral. */
export interface EditorCompletion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** insertText is a snippet (`${1:name}` placeholders). */
  snippet?: boolean;
  /** The text the item replaces (on the cursor's line). */
  range: Range;
  sortText?: string;
  filterText?: string;
  /** Ask for completions again once inserted (a key whose value completes too). */
  retrigger?: boolean;
}

/** How many profiles a snippet offers as its source_profile choices. */
const SNIPPET_CHOICES = 12;

/** Characters that end the word being completed. */
const WORD_END = /[\s=:[\]]/;

/**
 * The completions at a position: section headers after `[`, the keys a section of that kind takes
 * (every key the AWS CLI and SDKs read, the SDK-only ones marked), the values of closed sets, the
 * profiles for source_profile, the sessions for sso_session, the services sections for services,
 * the regions for region and sso_region, the services of a [services] section, and snippets of a
 * whole role profile, SSO profile and SSO session.
 */
export function completionsAt(doc: AwsDocument, position: Position): EditorCompletion[] {
  const text = doc.lineText(position.line);
  const before = text.slice(0, position.character);
  const indent = before.length - before.trimStart().length;
  const wordEnd = (from: number) => {
    let end = position.character;
    while (end < text.length && !WORD_END.test(text[end])) end++;
    return span(position.line, from, Math.max(end, position.character));
  };
  if (before.trimStart().startsWith('[')) {
    if (before.includes(']')) return [];
    const open = before.indexOf('[');
    return headers(doc, wordEnd(open + 1), text.slice(position.character).trimStart().startsWith(']'));
  }
  const section = doc.contextAt(position.line);
  const delim = before.search(/[=:]/);
  if (delim < 0) {
    const range = wordEnd(indent);
    const items: EditorCompletion[] = [];
    const block = section && blockAbove(doc, section, position.line, indent);
    if (section) items.push(...keys(doc, section, block, range, text.slice(position.character)));
    if (indent === 0 && doc.kind === 'config' && block === undefined) items.push(...snippets(doc, range));
    return items;
  }
  if (section === undefined) return [];
  const key = before.slice(indent, delim).trim();
  let valueStart = delim + 1;
  while (valueStart < position.character && /\s/.test(before[valueStart])) valueStart++;
  const range = wordEnd(valueStart);
  const block = blockAbove(doc, section, position.line, indent);
  if (block !== undefined) {
    const info = block === 's3' ? KEYS.s3.get(key) : undefined;
    return info ? values(doc, info, range, section) : [];
  }
  const info = (section.kind === 'sso-session' ? KEYS['sso-session'] : KEYS.profile).get(key.toLowerCase());
  return info ? values(doc, info, range, section) : [];
}

/** The block key (`s3`, a service of [services]) an indented line at `indent` belongs to, or undefined at the top level. */
function blockAbove(doc: AwsDocument, section: SectionContext, line: number, indent: number): string | undefined {
  if (indent === 0) return undefined;
  for (let l = line - 1; l > section.line; l--) {
    const text = doc.lineText(l);
    const trimmed = text.trim();
    if (trimmed === '' || trimmed[0] === '#' || trimmed[0] === ';') continue;
    if (text.length - text.trimStart().length >= indent) continue;
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    return m && m[2] === '' ? m[1].toLowerCase() : undefined;
  }
  return undefined;
}

function headers(doc: AwsDocument, range: Range, closed: boolean): EditorCompletion[] {
  const close = closed ? '' : ']';
  if (doc.kind === 'credentials') {
    const have = new Set(doc.analysis.model.credentialsFile.sections.map((s) => s.name));
    const names = ['default', ...[...doc.analysis.model.profiles.keys()].filter((n) => n !== 'default')].filter((n) => !have.has(n));
    return names.map((name, i) => ({ label: name, kind: 'profile', detail: l10n.t('profile of the config file'), insertText: `${name}${close}`, range, sortText: String(i).padStart(6, '0') }));
  }
  const item = (label: string, insertText: string, detail: string, sort: string): EditorCompletion => ({ label, kind: 'section', detail, insertText, snippet: true, range, sortText: sort });
  const items = [
    item('profile', `profile \${1:name}${close}$0`, l10n.t('a profile: [profile NAME]'), '1'),
    item('sso-session', `sso-session \${1:name}${close}$0`, l10n.t('an IAM Identity Center session: [sso-session NAME]'), '2'),
    item('services', `services \${1:name}${close}$0`, l10n.t('endpoints per service: [services NAME]'), '3'),
  ];
  if (!doc.analysis.model.configFile.sections.some((s) => s.name === 'default')) items.unshift(item('default', `default${close}$0`, l10n.t('the default profile: [default]'), '0'));
  return items;
}

function keyDocumentation(info: KeyInfo): string {
  const sdkOnly = isSdkOnly(info) ? l10n.t(' **Read by the AWS SDKs only, not by the AWS CLI.**') : '';
  const values = info.values ? `\n\nValues: ${info.values.map((v) => `\`${v}\``).join(', ')}` : '';
  return l10n.t('{0}{1}{2}\n\nRead by: {3}\n\n[Documentation]({4})', info.summary, sdkOnly, values, readersText(info), info.doc);
}

function keyDetail(info: KeyInfo): string {
  return isSdkOnly(info) ? l10n.t('SDK only') : info.readers.includes('cli1') ? (info.readers.includes('cli2') ? l10n.t('AWS CLI v1 and v2') : l10n.t('AWS CLI v1')) : l10n.t('AWS CLI v2');
}

function keys(doc: AwsDocument, section: SectionContext, block: string | undefined, range: Range, after: string): EditorCompletion[] {
  const present = section.keys;
  const hasDelim = /^\s*\S*\s*[=:]/.test(after);
  if (section.kind === 'services' && block === undefined) {
    return SERVICE_KEYS.filter((s) => !present.has(s)).map((s) => ({
      label: s,
      kind: 'service',
      detail: l10n.t('endpoint settings of a service'),
      insertText: hasDelim ? s : `${s} =\n  endpoint_url = \${1:https://}`,
      snippet: !hasDelim,
      range,
    }));
  }
  let catalog: ReadonlyMap<string, KeyInfo>;
  if (block === 's3') catalog = KEYS.s3;
  else if (block !== undefined) catalog = section.kind === 'services' ? KEYS.service : new Map();
  else if (section.kind === 'sso-session') catalog = KEYS['sso-session'];
  else if (section.kind === 'profile' || section.kind === 'DEFAULT') catalog = KEYS.profile;
  else return [];
  const out: EditorCompletion[] = [];
  for (const info of catalog.values()) {
    if (block === undefined && present.has(info.key)) continue;
    // The credentials file is for keys: those first there.
    const first = doc.kind === 'credentials' ? info.credentialsFile === true : !isSdkOnly(info);
    const insertText = hasDelim ? info.key : info.block ? `${info.key} =\n  ` : `${info.key} = `;
    out.push({
      label: info.key,
      kind: 'key',
      detail: keyDetail(info),
      documentation: keyDocumentation(info),
      insertText,
      range,
      sortText: `${first ? '0' : '1'}${info.key}`,
      retrigger: !hasDelim && (info.values !== undefined || info.names !== undefined || info.block === true),
    });
  }
  return out;
}

function values(doc: AwsDocument, info: KeyInfo, range: Range, section: SectionContext): EditorCompletion[] {
  const { model, plans } = doc.analysis;
  switch (info.names) {
    case 'profile':
      return [...model.profiles.keys()]
        .filter((name) => name !== section.name)
        .map((name) => {
          const plan = plans.get(name);
          const usable = plan?.result === 'ok' && plan.chain.length > 0;
          return {
            label: name,
            kind: 'profile' as const,
            detail: plan?.result === 'error' ? l10n.t('a profile with a problem') : usable ? hopLabel(plan.chain[0]) : l10n.t('a profile without credentials'),
            insertText: name,
            range,
            sortText: `${usable ? '0' : '1'}${name}`,
          };
        });
    case 'sso-session':
      return [...model.ssoSessions.values()].map((s) => ({ label: s.name, kind: 'session' as const, detail: typeof s.values.sso_start_url === 'string' ? s.values.sso_start_url : 'sso-session', insertText: s.name, range }));
    case 'services':
      return [...model.services.keys()].map((name) => ({ label: name, kind: 'services' as const, detail: '[services] section', insertText: name, range }));
    case 'region':
      return REGIONS.map((r, i) => ({ label: r.region, kind: 'region' as const, detail: r.name, insertText: r.region, range, sortText: `${r.partition === 'aws' ? '0' : '1'}${String(i).padStart(3, '0')}` }));
  }
  return (info.values ?? []).map((v, i) => ({ label: v, kind: 'value' as const, detail: info.key, insertText: v, range, sortText: String(i).padStart(3, '0') }));
}

/** A name as one choice of a snippet's `${1|a,b|}`. */
function choiceText(name: string): string {
  return name.replace(/[\\,|$}]/g, (c) => `\\${c}`);
}

/** Whole sections at the start of a line of the config file: a role profile, an IAM Identity Center profile and session. */
function snippets(doc: AwsDocument, range: Range): EditorCompletion[] {
  const { model, plans } = doc.analysis;
  const sources = [...model.profiles.keys()].filter((n) => plans.get(n)?.result === 'ok' && (plans.get(n)?.chain.length ?? 0) > 0).sort((a, b) => Number(b === 'default') - Number(a === 'default') || a.localeCompare(b)).slice(0, SNIPPET_CHOICES);
  const source = sources.length > 0 ? `\${4|${sources.map(choiceText).join(',')}|}` : '${4:default}';
  const sessions = [...model.ssoSessions.keys()].slice(0, SNIPPET_CHOICES);
  const session = sessions.length > 0 ? `\${2|${sessions.map(choiceText).join(',')}|}` : '${2:my-sso}';
  const snippet = (label: string, detail: string, body: string, filter: string): EditorCompletion => ({
    label,
    kind: 'snippet',
    detail,
    documentation: `\`\`\`ini\n${body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$0/g, '')}\n\`\`\``,
    insertText: body,
    snippet: true,
    range,
    sortText: `~${label}`,
    filterText: filter,
  });
  return [
    snippet(
      l10n.t('Role profile'),
      l10n.t('a profile that assumes an IAM role'),
      `[profile \${1:name}]\nrole_arn = arn:aws:iam::\${2:123456789012}:role/\${3:RoleName}\nsource_profile = ${source}\nregion = \${5:us-east-1}\n$0`,
      l10n.t('role profile [profile'),
    ),
    snippet(
      l10n.t('SSO profile'),
      l10n.t('a profile that signs in with IAM Identity Center'),
      `[profile \${1:name}]\nsso_session = ${session}\nsso_account_id = \${3:123456789012}\nsso_role_name = \${4:RoleName}\nregion = \${5:us-east-1}\n$0`,
      l10n.t('sso profile [profile'),
    ),
    snippet(
      l10n.t('SSO session'),
      l10n.t('an IAM Identity Center session'),
      l10n.t('[sso-session ${1:name}]\nsso_start_url = https://${2:my-sso-portal}.awsapps.com/start\nsso_region = ${3:us-east-1}\nsso_registration_scopes = sso:account:access\n$0'),
      l10n.t('sso session [sso-session'),
    ),
  ];
}
