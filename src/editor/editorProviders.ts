import * as vscode from 'vscode';
import { COMMANDS, LANGUAGES } from '../base/contributions';
import type { FileKind } from '../core';
import type { FileEdit } from '../core/editor/awsDocument';
import { completionsAt, type EditorCompletion } from '../core/editor/completion';
import { hoverAt } from '../core/editor/hover';
import { definitions, documentSymbols, nameAt, profileHeaders, references, RenameRefused, renameEdits, type EditorSymbol, type FileLocation } from '../core/editor/navigation';
import { quickFixes } from '../core/editor/quickFixes';
import type { EditorDeps, EditorDocuments } from './editorDocuments';
import { toRange } from './liveDiagnostics';

/** The two AWS languages, wherever their files are. */
export const AWS_FILES: vscode.DocumentSelector = [
  { language: LANGUAGES.config, scheme: 'file' },
  { language: LANGUAGES.credentials, scheme: 'file' },
];

const COMPLETION_KINDS: Record<EditorCompletion['kind'], vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  section: vscode.CompletionItemKind.Module,
  snippet: vscode.CompletionItemKind.Snippet,
  profile: vscode.CompletionItemKind.Reference,
  session: vscode.CompletionItemKind.Reference,
  services: vscode.CompletionItemKind.Reference,
  region: vscode.CompletionItemKind.Constant,
  service: vscode.CompletionItemKind.Module,
};

const SYMBOL_KINDS: Record<EditorSymbol['kind'], vscode.SymbolKind> = {
  profile: vscode.SymbolKind.Object,
  'sso-session': vscode.SymbolKind.Namespace,
  services: vscode.SymbolKind.Package,
  section: vscode.SymbolKind.Struct,
  key: vscode.SymbolKind.Property,
};

function completionItem(c: EditorCompletion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, COMPLETION_KINDS[c.kind]);
  item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  item.range = toRange(c.range);
  item.sortText = c.sortText;
  item.filterText = c.filterText;
  if (c.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: vscode.l10n.t('Suggest values') };
  return item;
}

function symbol(s: EditorSymbol): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KINDS[s.kind], toRange(s.range), toRange(s.selectionRange));
  out.children = (s.children ?? []).map(symbol);
  return out;
}

/** Edits of the pure core (on either file of a document's pair) as one workspace edit. */
export function workspaceEdit(docs: EditorDocuments, doc: vscode.TextDocument, edits: FileEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const created = new Set<FileKind>();
  for (const e of edits) {
    const uri = docs.uriOf(doc, e.file);
    // The other file may not exist yet (keys moved to a credentials file there is none of).
    if (e.file !== docs.kindOf(doc) && !created.has(e.file) && !docs.openDocument(uri.fsPath)) {
      edit.createFile(uri, { ignoreIfExists: true });
      created.add(e.file);
    }
    edit.replace(uri, toRange(e.range), e.newText);
  }
  return edit;
}

/**
 * The editor's features for the AWS files, each a thin adapter over the pure core
 * (core/editor/): completion, hover, the outline, definitions and references across both files,
 * rename, quick fixes, and the lenses above each profile that run the view's commands.
 */
export function registerProviders(docs: EditorDocuments, deps: EditorDeps): vscode.Disposable[] {
  const locations = (doc: vscode.TextDocument, list: FileLocation[]) => list.map((l) => new vscode.Location(docs.uriOf(doc, l.file), toRange(l.range)));
  return [
    vscode.languages.registerCompletionItemProvider(
      AWS_FILES,
      {
        async provideCompletionItems(doc, position) {
          const aws = await docs.get(doc);
          return aws && completionsAt(aws, position).map(completionItem);
        },
      },
      '[',
      '=',
      ':',
    ),
    vscode.languages.registerHoverProvider(AWS_FILES, {
      async provideHover(doc, position) {
        const aws = await docs.get(doc);
        const hover = aws && hoverAt(aws, position);
        return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(hover.range));
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(
      AWS_FILES,
      {
        async provideDocumentSymbols(doc) {
          const aws = await docs.get(doc);
          return aws && documentSymbols(aws).map(symbol);
        },
      },
      { label: vscode.l10n.t('AWS Profiles') },
    ),
    vscode.languages.registerDefinitionProvider(AWS_FILES, {
      async provideDefinition(doc, position) {
        const aws = await docs.get(doc);
        const at = aws && nameAt(aws, position);
        return at && locations(doc, definitions(aws, at.kind, at.name));
      },
    }),
    vscode.languages.registerReferenceProvider(AWS_FILES, {
      async provideReferences(doc, position, context) {
        const aws = await docs.get(doc);
        const at = aws && nameAt(aws, position);
        return at && locations(doc, references(aws, at.kind, at.name, context.includeDeclaration));
      },
    }),
    vscode.languages.registerRenameProvider(AWS_FILES, {
      async prepareRename(doc, position) {
        const aws = await docs.get(doc);
        const at = aws && nameAt(aws, position);
        if (!at) throw new Error(vscode.l10n.t('Put the cursor on a profile, sso-session or services name: in its header, or after source_profile, sso_session or services.'));
        return { range: toRange(at.range), placeholder: at.name };
      },
      async provideRenameEdits(doc, position, newName) {
        const aws = await docs.get(doc);
        if (!aws) return undefined;
        try {
          return workspaceEdit(docs, doc, renameEdits(aws, position, newName.trim()));
        } catch (e) {
          // VS Code shows the message of a rename provider's error.
          if (e instanceof RenameRefused) throw new Error(e.message, { cause: e });
          throw e;
        }
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      AWS_FILES,
      {
        async provideCodeActions(doc, range, context) {
          const aws = await docs.get(doc);
          if (!aws) return undefined;
          const actions: vscode.CodeAction[] = [];
          for (const d of docs.diagnostics(aws)) {
            const shown = context.diagnostics.find((v) => v.code === d.code && v.range.start.line === d.range.start.line && v.range.start.character === d.range.start.character);
            if (!shown || !toRange(d.range).intersection(range)) continue;
            for (const fix of quickFixes(aws, d)) {
              const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
              action.diagnostics = [shown];
              action.isPreferred = fix.preferred;
              if (fix.edits.some((e) => e.file !== aws.kind)) {
                // Keys moved to the credentials file: that file is saved at once, so that no key lives only in an unsaved buffer.
                action.command = { command: COMMANDS.moveKeysToCredentials.id, title: fix.title, arguments: [doc.uri, d.range.start.line] };
              } else {
                action.edit = workspaceEdit(docs, doc, fix.edits);
              }
              actions.push(action);
            }
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.languages.registerCodeLensProvider(AWS_FILES, {
      async provideCodeLenses(doc) {
        const aws = await docs.get(doc);
        const kind = docs.kindOf(doc);
        // The lenses run the Profiles view's commands, on the profiles the extension has read: only in its own files.
        if (!aws || !kind || !docs.pairOf(doc, kind).own) return undefined;
        const { plans } = deps.catalog.snapshot.analysis;
        const lenses: vscode.CodeLens[] = [];
        for (const { profile, line } of profileHeaders(aws)) {
          if (plans.get(profile)?.result !== 'ok') continue;
          const range = new vscode.Range(line, 0, line, 0);
          lenses.push(
            new vscode.CodeLens(range, { command: COMMANDS.setActiveProfile.id, title: vscode.l10n.t('Act as {0}', profile), tooltip: vscode.l10n.t('Make "{0}" the active profile', profile), arguments: [profile] }),
            new vscode.CodeLens(range, { command: COMMANDS.openTerminal.id, title: vscode.l10n.t('Terminal'), tooltip: vscode.l10n.t('Open a terminal that acts as "{0}"', profile), arguments: [profile] }),
            new vscode.CodeLens(range, { command: COMMANDS.openConsole.id, title: vscode.l10n.t('Console'), tooltip: vscode.l10n.t('Open the AWS console as "{0}"', profile), arguments: [profile] }),
            new vscode.CodeLens(range, { command: COMMANDS.showCallerIdentity.id, title: vscode.l10n.t('Who am I'), tooltip: vscode.l10n.t('Show who "{0}" acts as', profile), arguments: [profile] }),
          );
        }
        return lenses;
      },
      onDidChangeCodeLenses: deps.catalog.onDidChange,
    }),
  ];
}
