import type { NamedSection } from '../../core/config/profileMap';
import type { SsoSession } from '../../core/sso/ssoSession';
import { resolveServiceTarget, type ServiceId } from '../../core/endpoints/serviceEndpoint';
import type { ConfigValue } from '../../core/config/types';
import { UserError } from '../../core/common/errors';
import type { SsoEndpoint } from './ssoGateway';
import * as l10n from '@vscode/l10n';

/**
 * Where a session's calls to the portal (SSO) or the OIDC service (SSO_OIDC) go: the session's
 * region, and the endpoint settings the AWS CLI honours (AWS_ENDPOINT_URL_SSO…, a profile's
 * `endpoint_url` or `services` block when the call is for a profile), else the regional endpoint.
 */
export function ssoEndpoint(
  service: ServiceId,
  session: SsoSession,
  values: Record<string, ConfigValue>,
  services: ReadonlyMap<string, NamedSection>,
  env: Readonly<Record<string, string | undefined>>,
): SsoEndpoint {
  const target = resolveServiceTarget(service, values, services, env, session.region);
  if ('problem' in target) throw new UserError(l10n.t('{0} (IAM Identity Center session {1})', target.problem, session.key), 'sso.endpoint');
  return { region: target.region, endpoint: target.endpoint };
}
