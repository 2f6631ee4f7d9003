import { buildSync } from 'esbuild';
import { join } from 'node:path';

/** Bundles a module of the repository (path relative to its root) into `outfile`, with the production settings of scripts/build.mjs. */
export function bundleTo(entry: string, outfile: string, external: string[] = ['vscode']): void {
  buildSync({
    entryPoints: [join(__dirname, '..', '..', entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    external,
    logLevel: 'warning',
  });
}
