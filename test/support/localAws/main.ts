// CLI: npx tsx test/support/localAws/main.ts [--port 4599] [--host 127.0.0.1] [--scenario demo|empty] [--credential-lifetime-seconds N]
//        [--sso-token-lifetime-seconds N] [--sso-accounts N]
// Prints {"url": "..."} on one stdout line once listening, then serves until SIGTERM or SIGINT.
import { parseArgs } from 'node:util';
import { SCENARIOS } from './demoScenario';
import { startLocalAws } from './startLocalAws';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string', default: 'demo' },
      'credential-lifetime-seconds': { type: 'string' },
      'sso-token-lifetime-seconds': { type: 'string' },
      'sso-accounts': { type: 'string' },
    },
  });
  const scenario = SCENARIOS[values.scenario!];
  if (!scenario) throw new Error(`Unknown scenario '${values.scenario}'. Known: ${Object.keys(SCENARIOS).join(', ')}.`);
  const ssoAccounts = optionalNumber(values['sso-accounts'], '--sso-accounts');
  if (ssoAccounts !== undefined && values.scenario !== 'demo') throw new Error('--sso-accounts adds accounts to the demo scenario; use it with --scenario demo.');
  const localAws = await startLocalAws({
    port: Number(values.port),
    host: values.host,
    scenario: scenario({ ssoAccounts }),
    credentialLifetimeSeconds: optionalNumber(values['credential-lifetime-seconds'], '--credential-lifetime-seconds'),
    ssoTokenLifetimeSeconds: optionalNumber(values['sso-token-lifetime-seconds'], '--sso-token-lifetime-seconds'),
  });
  process.stdout.write(`${JSON.stringify({ url: localAws.url, port: localAws.port, scenario: values.scenario })}\n`);
  const stop = (): void => {
    localAws.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** A whole, positive number option, or undefined when absent. */
function optionalNumber(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a whole number greater than 0, not '${raw}'.`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`localAws: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
