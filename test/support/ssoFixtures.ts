// The AWS files of the IAM Identity Center tests: the demo's sign-in (test/support/localAws, DEMO.sso)
// as an [sso-session], its Prod administrator as an SSO profile, and Audit's role chained on it.
import { DEMO } from './localAws';

/**
 * `~/.aws/config` with the `corp` session, `prod-admin` (SSO) and `audit` (a role whose source is
 * prod-admin); `endpointUrl` sets the profiles' endpoint_url; `extra` is appended as it is.
 */
export function ssoConfig(options: { endpointUrl?: string; extra?: string } = {}): string {
  const S = DEMO.sso;
  const endpoint = options.endpointUrl ? `endpoint_url = ${options.endpointUrl}\n` : '';
  return (
    `[sso-session corp]\nsso_start_url = ${S.startUrl}\nsso_region = ${S.region}\nsso_registration_scopes = sso:account:access\n\n` +
    `[profile prod-admin]\nsso_session = corp\nsso_account_id = ${S.roles.prodAdmin.accountId}\nsso_role_name = ${S.roles.prodAdmin.roleName}\nregion = us-east-1\n${endpoint}\n` +
    `[profile audit]\nrole_arn = ${DEMO.chainedRoleArn}\nsource_profile = prod-admin\nregion = us-east-1\n${endpoint}` +
    (options.extra ? `\n${options.extra}` : '')
  );
}
