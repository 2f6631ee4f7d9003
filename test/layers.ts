// The layers of src/ and the import graph they are checked against: one definition, read by
// test/layers.test.ts (the whole tree at once) and by eslint.config.mjs (each file as it is linted).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Every folder of src/ (a file belongs to the longest one that contains it; `core/index` is
 * src/core/index.ts and the files beside it) and the folders its files may import besides their own. A folder listed
 * allows its sub-folders too. Each folder's README says the same in words.
 */
export const LAYERS: Record<string, readonly string[]> = {
  'core/common': [],
  'core/config': ['core/common'],
  'core/chains': ['core/common', 'core/config'],
  'core/endpoints': ['core/config'],
  'core/sso': ['core/common', 'core/config'],
  'core/credentials': ['core/common', 'core/config', 'core/sso'],
  'core/console': ['core/config', 'core/credentials'],
  'core/terminal': ['core/common', 'core/config', 'core/credentials', 'core/index'],
  'core/index': ['core/common', 'core/config', 'core/chains'],
  'core/setup': ['core/common', 'core/config', 'core/chains', 'core/endpoints', 'core/sso', 'core/index'],
  'core/guard': [],
  'core/editor': ['core/common', 'core/config', 'core/chains', 'core/index'],
  'core/keys': ['core/common', 'core/config'],
  'core/login': ['core/common'],
  base: ['core'],
  aws: ['core', 'base'],
  credentials: ['core', 'base', 'aws'],
  workbench: ['core', 'base'],
  keys: ['core', 'base', 'aws', 'credentials', 'workbench'],
  ec2: ['core', 'base', 'aws', 'workbench'],
  console: ['core', 'base', 'aws', 'credentials'],
  profiles: ['core', 'base', 'aws', 'ec2', 'workbench'],
  sso: ['core', 'base', 'aws', 'profiles', 'workbench'],
  setup: ['core', 'base', 'aws', 'profiles', 'workbench'],
  terminals: ['core', 'base', 'aws', 'profiles'],
  active: ['core', 'base', 'profiles', 'terminals'],
  debug: ['core', 'base', 'profiles', 'terminals'],
  guard: ['core', 'base', 'profiles', 'terminals', 'active'],
  editor: ['core', 'base', 'aws', 'profiles'],
  commands: ['core', 'base', 'aws', 'credentials', 'workbench', 'keys', 'ec2', 'console', 'profiles', 'sso', 'setup', 'terminals', 'active', 'guard', 'editor'],
  helper: ['core/terminal'],
  extension: ['core', 'base', 'aws', 'credentials', 'workbench', 'keys', 'ec2', 'console', 'profiles', 'sso', 'setup', 'terminals', 'active', 'debug', 'guard', 'editor', 'commands'],
};

/** Folders whose files may import 'vscode': the features and the composition root. */
export const VSCODE_FOLDERS: readonly string[] = ['workbench', 'keys', 'ec2', 'profiles', 'sso', 'setup', 'terminals', 'active', 'debug', 'guard', 'editor', 'commands', 'extension'];

/** Localised sentences outside the `vscode` API: a pure function over a bundle (configured at activation). */
const L10N = '@vscode/l10n';

/** Modules a folder may import from outside the project besides Node's own: the AWS SDK only in aws/, nothing in the pure core but hashes and the localised sentences. */
export function packageAllowed(layer: string, specifier: string): boolean {
  if (specifier === 'vscode') return VSCODE_FOLDERS.includes(layer);
  if (layer.startsWith('core/')) return specifier === 'node:crypto' || specifier === L10N;
  if (layer === 'helper') return specifier.startsWith('node:') || specifier === L10N;
  if (/^@(aws-sdk|smithy)\//.test(specifier)) return layer === 'aws';
  return true;
}

/** The layer of a file under src/ (a path relative to src/, with '/'), or undefined when no folder claims it. */
export function layerOf(relativePath: string): string | undefined {
  const path = relativePath.replace(/\\/g, '/').replace(/\.ts$/, '');
  if (path === 'extension') return 'extension';
  if (/^core\/[^/]+$/.test(path)) return 'core/index'; // index.ts and the core's tests of the whole engine
  let best: string | undefined;
  for (const layer of Object.keys(LAYERS)) {
    if (layer === 'extension' || layer === 'core/index') continue;
    if (path.startsWith(`${layer}/`) && (best === undefined || layer.length > best.length)) best = layer;
  }
  return best;
}

/** Whether a file of layer `from` may import a file of layer `to`. */
export function importAllowed(from: string, to: string): boolean {
  if (from === to) return true;
  return LAYERS[from].some((allowed) => to === allowed || to.startsWith(`${allowed}/`));
}

/** Every module specifier a source text imports: static and type imports, re-exports, import() and require() of a literal. */
export function specifiersOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** A relative specifier resolved to a .ts file under src (relative to src, with '/'), or undefined (a bundle in dist/, a folder outside). */
export function resolveSpecifier(srcRoot: string, fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (candidate.endsWith('.ts') && statSync(candidate).isFile()) return relative(srcRoot, candidate).replace(/\\/g, '/');
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** The .ts files under a folder, recursively. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const path = join(dir, n);
    return statSync(path).isDirectory() ? sourceFiles(path) : n.endsWith('.ts') ? [path] : [];
  });
}

/** The import graph of src/'s non-test files: file → the files it imports (paths relative to src). */
export function importGraph(srcRoot: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(srcRoot).filter((f) => !f.endsWith('.test.ts'))) {
    const edges = new Set<string>();
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(srcRoot, file, specifier);
      if (target !== undefined && !target.endsWith('.test.ts')) edges.add(target);
    }
    graph.set(relative(srcRoot, file).replace(/\\/g, '/'), edges);
  }
  return graph;
}

/** The cycles of a graph: each strongly connected component of more than one file, or a file importing itself, as a path a → b → a. */
export function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  // Tarjan's algorithm, iterative.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edges: string[]; i: number }[] = [{ node: start, edges: [...(graph.get(start) ?? [])], i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++];
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edges: [...(graph.get(to) ?? [])], i: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) low.set(work[work.length - 1].node, Math.min(low.get(work[work.length - 1].node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || graph.get(frame.node)?.has(frame.node)) components.push(component);
      }
    }
  }
  return components.map((component) => pathThrough(graph, new Set(component)));
}

/** One closed path through a strongly connected component, for the message: a → b → c → a. */
function pathThrough(graph: Map<string, Set<string>>, members: Set<string>): string[] {
  const start = [...members].sort()[0];
  // Breadth-first from start back to start, inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
