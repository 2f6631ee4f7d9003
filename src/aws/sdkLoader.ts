import type { StsSdk } from './stsGateway';

/**
 * Loads the STS SDK module on first use. In the shipped extension it is dist/sdk-sts.js next to
 * dist/extension.js (kept out of the activation bundle: scripts/build.mjs marks it external); under
 * tsx (tests, bench from source) there is no such file and the TypeScript source is required
 * instead, through a computed path that esbuild leaves alone.
 */
export function loadStsSdk(): StsSdk {
  try {
    return (require('./sdk-sts.js') as { sdk: StsSdk }).sdk;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('sdk-sts.js')) throw e;
  }
  const source = ['.', 'sdk', 'sts'].join('/');
  return (require(source) as { sdk: StsSdk }).sdk;
}
