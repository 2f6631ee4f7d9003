import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { SsoEndpoint, SsoGateway, SsoSdk } from '../sso/ssoGateway';
import type { SdkOptions } from '../sts/stsGateway';
import { createHttpHandler } from './httpHandler';
import * as l10n from '@vscode/l10n';

/**
 * The only module that imports the IAM Identity Center clients (@aws-sdk/client-sso and
 * @aws-sdk/client-sso-oidc): bundled on its own (dist/sdk-sso.js) and loaded on first use through
 * src/aws/sdkLoader.ts. Neither service signs its requests: the portal takes the access token.
 */
class SdkSsoGateway implements SsoGateway {
  private readonly handler: NodeHttpHandler;
  private readonly maxAttempts: number;

  constructor(options: SdkOptions) {
    this.handler = createHttpHandler(options);
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  private oidc(target: SsoEndpoint): SSOOIDCClient {
    return new SSOOIDCClient({ region: target.region, endpoint: target.endpoint, maxAttempts: this.maxAttempts, requestHandler: this.handler });
  }

  private portal(target: SsoEndpoint): SSOClient {
    return new SSOClient({ region: target.region, endpoint: target.endpoint, maxAttempts: this.maxAttempts, requestHandler: this.handler });
  }

  async registerClient(oidc: SsoEndpoint, r: Parameters<SsoGateway['registerClient']>[1]): ReturnType<SsoGateway['registerClient']> {
    const out = await this.oidc(oidc).send(
      new RegisterClientCommand({ clientName: r.clientName, clientType: 'public', scopes: r.scopes, grantTypes: r.grantTypes, redirectUris: r.redirectUris, issuerUrl: r.issuerUrl }),
    );
    if (!out.clientId || !out.clientSecret) throw new Error(l10n.t('RegisterClient answered without a client'));
    return { clientId: out.clientId, clientSecret: out.clientSecret, expiresAt: (out.clientSecretExpiresAt ?? 0) * 1000 };
  }

  async startDeviceAuthorization(oidc: SsoEndpoint, r: Parameters<SsoGateway['startDeviceAuthorization']>[1]): ReturnType<SsoGateway['startDeviceAuthorization']> {
    const out = await this.oidc(oidc).send(new StartDeviceAuthorizationCommand({ clientId: r.clientId, clientSecret: r.clientSecret, startUrl: r.startUrl }));
    if (!out.deviceCode || !out.userCode || !out.verificationUri) throw new Error(l10n.t('StartDeviceAuthorization answered without a code'));
    return {
      deviceCode: out.deviceCode,
      userCode: out.userCode,
      verificationUri: out.verificationUri,
      verificationUriComplete: out.verificationUriComplete ?? out.verificationUri,
      expiresInSeconds: out.expiresIn ?? 600,
      intervalSeconds: out.interval ?? 5,
    };
  }

  async createToken(oidc: SsoEndpoint, r: Parameters<SsoGateway['createToken']>[1]): ReturnType<SsoGateway['createToken']> {
    const out = await this.oidc(oidc).send(new CreateTokenCommand({ ...r }));
    if (!out.accessToken) throw new Error(l10n.t('CreateToken answered without a token'));
    return { accessToken: out.accessToken, expiresInSeconds: out.expiresIn ?? 0, ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}) };
  }

  async getRoleCredentials(portal: SsoEndpoint, accessToken: string, accountId: string, roleName: string): ReturnType<SsoGateway['getRoleCredentials']> {
    const out = await this.portal(portal).send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));
    const c = out.roleCredentials;
    if (!c?.accessKeyId || !c.secretAccessKey || !c.expiration) throw new Error(l10n.t('GetRoleCredentials answered without credentials'));
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
  }

  async listAccounts(portal: SsoEndpoint, accessToken: string, nextToken?: string): ReturnType<SsoGateway['listAccounts']> {
    const out = await this.portal(portal).send(new ListAccountsCommand({ accessToken, nextToken, maxResults: 100 }));
    const accounts = (out.accountList ?? []).flatMap((a) => (a.accountId ? [{ accountId: a.accountId, accountName: a.accountName ?? a.accountId, emailAddress: a.emailAddress }] : []));
    return { accounts, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
  }

  async listAccountRoles(portal: SsoEndpoint, accessToken: string, accountId: string, nextToken?: string): ReturnType<SsoGateway['listAccountRoles']> {
    const out = await this.portal(portal).send(new ListAccountRolesCommand({ accessToken, accountId, nextToken, maxResults: 100 }));
    return { roles: (out.roleList ?? []).flatMap((r) => (r.roleName ? [r.roleName] : [])), ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
  }

  async logout(portal: SsoEndpoint, accessToken: string): Promise<void> {
    await this.portal(portal).send(new LogoutCommand({ accessToken }));
  }
}

export const sdk: SsoSdk = {
  createSsoGateway: (options) => new SdkSsoGateway(options),
};
