// CLI: npx tsx test/support/localAws/main.ts [--port 4599] [--scenario demo|empty] [--credential-lifetime-seconds N]
// Prints {"url": "..."} on one stdout line once listening, then serves until SIGTERM or SIGINT.
import { parseArgs } from 'node:util';
import { SCENARIOS } from './demoScenario';
import { startLocalAws } from './startLocalAws';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      scenario: { type: 'string', default: 'demo' },
      'credential-lifetime-seconds': { type: 'string' },
    },
  });
  const scenario = SCENARIOS[values.scenario!];
  if (!scenario) throw new Error(`Unknown scenario '${values.scenario}'. Known: ${Object.keys(SCENARIOS).join(', ')}.`);
  const lifetime = values['credential-lifetime-seconds'];
  const localAws = await startLocalAws({
    port: Number(values.port),
    scenario: scenario(),
    credentialLifetimeSeconds: lifetime === undefined ? undefined : Number(lifetime),
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

main().catch((error: unknown) => {
  process.stderr.write(`localAws: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
