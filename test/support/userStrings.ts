// Which string literals of the extension's sources are words a user reads: the rule behind
// test/l10n.test.ts (every such literal goes through l10n.t) and the tool that wrapped them.
import ts from 'typescript';

/** Text that reads as words: two words of letters with white space between them. */
const WORDS = /[A-Za-z]{2,}[,.;:!?)"'’]?\s+["'(“`]?[A-Za-z]{2,}/;

/** Calls whose string arguments are not read as messages: logs, modules, patterns, localisation itself. */
const EXEMPT_CALLEE = /(^|\.)(l10n\.t|info|warn|error|debug|trace|require|RegExp|appendLine)$/;

/** A literal exempt on its line or the line before (`// l10n-ignore: why`), or between `// l10n-ignore-start: why` and `// l10n-ignore-end`. */
const IGNORE = /\/\/ l10n-ignore(:|$)/;

/** A string literal the user reads, with where it is. */
export interface UserString {
  node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;
  line: number;
  /** The literal's own text (a template's parts with `${…}` between them). */
  text: string;
}

/** The literal's static text: a template's head and spans, `${}` where an expression goes. */
function staticText(node: UserString['node']): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return node.head.text + node.templateSpans.map((s) => '${}' + s.literal.text).join('');
}

/** Every literal of a source file that is words a user reads and not inside l10n.t, a log call or another exempt place. */
export function userStrings(sf: ts.SourceFile): UserString[] {
  const lines = sf.text.split('\n');
  const ignoredBlock = new Set<number>();
  let inBlock = false;
  lines.forEach((l, i) => {
    if (/\/\/ l10n-ignore-start\b/.test(l)) inBlock = true;
    if (inBlock) ignoredBlock.add(i);
    if (/\/\/ l10n-ignore-end\b/.test(l)) inBlock = false;
  });
  const found: UserString[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node) || ts.isTaggedTemplateExpression(node)) return;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && EXEMPT_CALLEE.test(node.expression.getText(sf))) return;
    if (ts.isCaseClause(node)) return node.statements.forEach(visit); // the label is a value, the statements are code
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(node.operatorToken.kind)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const parent = node.parent;
      const isName = (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isEnumMember(parent) || ts.isMethodDeclaration(parent)) && parent.name === node;
      const text = staticText(node);
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      if (!isName && !ts.isElementAccessExpression(parent) && WORDS.test(text) && !ignoredBlock.has(line) && !IGNORE.test(lines[line]) && !(line > 0 && IGNORE.test(lines[line - 1]))) {
        found.push({ node, line: line + 1, text });
        return;
      }
      if (!ts.isTemplateExpression(node)) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
