// The credential_process helper as it ships (src/helper/credentialHelper.ts bundled by esbuild), for
// tests that run real AWS clients against it, with its Perl quick start next to it as in dist/. Built
// once per test process.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleTo } from './esbuildBundle';

let built: string | undefined;

/** The path of the bundled helper script. */
export function credentialHelperBundle(): string {
  if (built) return built;
  const outfile = join(mkdtempSync(join(tmpdir(), 'awsp-helper-')), 'credentialHelper.js');
  bundleTo('src/helper/credentialHelper.ts', outfile);
  copyFileSync(join(__dirname, '..', '..', 'src', 'helper', 'credentialHelper.pl'), join(outfile, '..', 'credentialHelper.pl'));
  return (built = outfile);
}
