import { join } from 'node:path';
import { bundleTo } from '../test/support/esbuildBundle';

/** Bundles a module with the production settings of scripts/build.mjs and loads it. */
export function bundle<T>(entry: string, dir: string, external: string[] = ['vscode']): T {
  const outfile = join(dir, entry.replace(/[/.]/g, '_') + '.js');
  bundleTo(entry, outfile, external);
  return require(outfile) as T;
}
