import type { AwsCredentials } from '../../core/credentials/credentials';
import type { SdkOptions } from '../sts/stsGateway';

/** Where an IAM Identity Center call goes: the OIDC service or the portal, in the session's region. */
export interface SsoEndpoint {
  region: string;
  endpoint: string;
}

/** An OIDC client registered for this extension (RegisterClient). */
export interface SsoClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** What StartDeviceAuthorization gives: the code the user confirms, where, and how often to poll. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

/** CreateToken's request: one of the three grants the extension uses. */
export type TokenGrant =
  | { grantType: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string }
  | { grantType: 'urn:ietf:params:oauth:grant-type:device_code'; deviceCode: string }
  | { grantType: 'refresh_token'; refreshToken: string };

/** An access token (and what refreshes it). */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken?: string;
}

/** An account the signed-in user can reach. */
export interface SsoAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
}

/**
 * The IAM Identity Center calls, with the AWS SDK behind them (src/aws/sdk/sso.ts, loaded on first
 * use). Errors are the SDK's own (their `name` is the service's exception, e.g.
 * AuthorizationPendingException); src/aws/sso/ssoErrors.ts turns them into sentences.
 */
export interface SsoGateway {
  registerClient(oidc: SsoEndpoint, r: { clientName: string; scopes: string[]; grantTypes: string[]; redirectUris?: string[]; issuerUrl: string }): Promise<SsoClientRegistration>;
  startDeviceAuthorization(oidc: SsoEndpoint, r: { clientId: string; clientSecret: string; startUrl: string }): Promise<DeviceAuthorization>;
  createToken(oidc: SsoEndpoint, r: { clientId: string; clientSecret: string } & TokenGrant): Promise<IssuedToken>;
  getRoleCredentials(portal: SsoEndpoint, accessToken: string, accountId: string, roleName: string): Promise<AwsCredentials & { expiration: number }>;
  listAccounts(portal: SsoEndpoint, accessToken: string, nextToken?: string): Promise<{ accounts: SsoAccount[]; nextToken?: string }>;
  listAccountRoles(portal: SsoEndpoint, accessToken: string, accountId: string, nextToken?: string): Promise<{ roles: string[]; nextToken?: string }>;
  logout(portal: SsoEndpoint, accessToken: string): Promise<void>;
}

/** What dist/sdk-sso.js exports. */
export interface SsoSdk {
  createSsoGateway(options: SdkOptions): SsoGateway;
}
