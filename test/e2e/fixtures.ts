// The `default` + `prod` scenario of the end-to-end tests, against the local AWS endpoint: IAM user
// keys (alice, Dev account) under [default] in ~/.aws/credentials, prod a role in the Prod account
// with `source_profile = default`, every profile's endpoint_url pointing at the local endpoint.
import { after, before } from 'node:test';
import { DEMO, demoScenario, startLocalAws } from '../support/localAws';

export interface ScenarioOptions {
  /** prod's role: ProdAdmin (needs alice's MFA code) unless said otherwise. */
  prodRoleArn?: string;
  /** Whether prod has `mfa_serial` (default: when the role is ProdAdmin). */
  prodMfa?: boolean;
  /** More config text, appended as it is (use `url` for endpoint_url). */
  extraConfig?: (url: string) => string;
  /** More credentials-file text, appended as it is. */
  extraCredentials?: string;
}

/** The sandbox's `~/.aws` files for the scenario, as `startVsCode({ files })` takes them. */
export function defaultProdFiles(url: string, options: ScenarioOptions = {}): Record<string, string> {
  const role = options.prodRoleArn ?? DEMO.adminRoleArn;
  const mfa = options.prodMfa ?? role === DEMO.adminRoleArn;
  return {
    '.aws/config':
      `[default]\nregion = us-east-1\nendpoint_url = ${url}\n\n` +
      `[profile prod]\nrole_arn = ${role}\nsource_profile = default\n${mfa ? `mfa_serial = ${DEMO.alice.mfaSerial}\n` : ''}region = us-east-1\nendpoint_url = ${url}\n` +
      (options.extraConfig ? `\n${options.extraConfig(url)}` : ''),
    '.aws/credentials': `[default]\naws_access_key_id = ${DEMO.alice.accessKeyId}\naws_secret_access_key = ${DEMO.alice.secretAccessKey}\n${options.extraCredentials ?? ''}`,
  };
}

export type LocalAws = Awaited<ReturnType<typeof startLocalAws>>;

/**
 * The local AWS endpoint with the demo scenario, started before the test file's tests and closed
 * after them; call the returned function inside a test for it.
 */
export function demoAwsForFile(): () => LocalAws {
  let aws: LocalAws | undefined;
  before(async () => {
    aws = await startLocalAws({ scenario: demoScenario() });
  });
  after(async () => {
    await aws?.close();
  });
  return () => {
    if (!aws) throw new Error('the local AWS endpoint is not running (demoAwsForFile() is for use inside tests)');
    return aws;
  };
}
