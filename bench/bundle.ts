import { buildSync } from 'esbuild';
import { join } from 'node:path';

/** Bundles a module with the production settings of scripts/build.mjs and loads it. */
export function bundle<T>(entry: string, dir: string, external: string[] = ['vscode']): T {
  const outfile = join(dir, entry.replace(/[\/.]/g, '_') + '.js');
  buildSync({
    entryPoints: [join(__dirname, '..', entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external,
    logLevel: 'warning',
  });
  return require(outfile) as T;
}
