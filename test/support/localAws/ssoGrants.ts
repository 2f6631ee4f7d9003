/** The OAuth grant types SSO OIDC supports. */
export const GRANT = {
  authorizationCode: 'authorization_code',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
  refreshToken: 'refresh_token',
} as const;

/** Every grant type RegisterClient accepts. */
export const GRANT_TYPES: readonly string[] = Object.values(GRANT);

/**
 * Whether a client may use a grant type. A client that registered grantTypes may use those. One that
 * registered none (the AWS CLI's way) may use the device code grant, and refresh tokens only when it
 * asked for scopes: the legacy, scope-less registration gets no refresh token from IAM Identity Center.
 */
export function allowsGrant(client: { readonly grantTypes: readonly string[]; readonly scopes: readonly string[] }, grantType: string): boolean {
  if (client.grantTypes.length > 0) return client.grantTypes.includes(grantType);
  if (grantType === GRANT.deviceCode) return true;
  return grantType === GRANT.refreshToken && client.scopes.length > 0;
}

/** Scopes from a query parameter, separated by spaces (OAuth) or commas. */
export function parseScopes(value: string | null | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
}
