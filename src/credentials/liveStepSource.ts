import type { Clock } from '../core/credentials/credentials';
import { describeStep, type CredentialStep, type LoginStep, type SsoStep } from '../core/credentials/credentialSteps';
import type { SsoSession } from '../core/sso/ssoSession';
import { CancelledError, UserError } from '../core/common/errors';
import { defaultSessionName } from '../core/credentials/expiry';
import { silentLogger, type Logger } from '../core/common/logger';
import { parseProcessOutput } from '../core/credentials/processOutput';
import type { ObtainedCredentials, StepContext, StepSource } from '../core/credentials/stepSource';
import { readAwsFile } from '../aws/files/awsFiles';
import { loadCredentialProcess } from './lazyProcess';
import { loadErrorSentences } from '../aws/sdkLoader';
import { isRejectedToken } from '../aws/sso/ssoErrors';
import type { SsoEndpoint, SsoGateway } from '../aws/sso/ssoGateway';
import type { CredentialSourceName, StsGateway } from '../aws/sts/stsGateway';
import * as l10n from '@vscode/l10n';

/** A web identity token is a JWT of a few KB; a file far larger is not one. */
const MAX_TOKEN_BYTES = 1024 * 1024;

/** The SDK-backed pieces the live source calls, created on first use. */
export interface LiveSdk {
  gateway(): StsGateway;
  credentialSource(name: CredentialSourceName): Promise<ObtainedCredentials['credentials']>;
  ssoGateway(): SsoGateway;
  /** The portal endpoint of a session, for a profile (its endpoint settings apply). */
  ssoPortal(session: SsoSession, profile: string): SsoEndpoint;
  /** An `aws login` step's credentials (src/aws/login, loaded on first use). */
  login(step: LoginStep, signal?: AbortSignal): Promise<ObtainedCredentials>;
}

/** Settings of the live source. */
export interface LiveStepSourceOptions {
  /** Stop a credential_process after this long (default 60 s: it may open a browser or wait for a token). */
  credentialProcessTimeoutMs?: number;
}

/**
 * Obtains each step for real: STS calls through the lazily loaded SDK, credential_process runs,
 * web identity token files, credential_source providers. Every failure becomes a UserError naming
 * the profile and the hop; every success is logged (what, through which endpoint, until when).
 */
export class LiveStepSource implements StepSource {
  /** Roles that refused the session length of awsProfiles.defaultSessionDuration: assumed without one from then on. */
  private readonly settingTooLong = new Set<string>();

  constructor(
    private readonly sdk: LiveSdk,
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
    private readonly options: LiveStepSourceOptions = {},
  ) {}

  async obtain(step: CredentialStep, source: () => Promise<ObtainedCredentials>, ctx: StepContext): Promise<ObtainedCredentials> {
    switch (step.kind) {
      case 'static':
        return { credentials: step.credentials, expiresAt: null, obtainedAt: this.clock.now() };
      case 'credential_source': {
        try {
          const c = await this.sdk.credentialSource(step.source);
          return { credentials: c, expiresAt: c.expiration ?? null, obtainedAt: this.clock.now() };
        } catch (e) {
          throw new UserError(l10n.t('Profile "{0}": {1} gave no credentials ({2}). {3}', ctx.profile, describeStep(step), firstLine(e), SOURCE_FIX()[step.source]), 'source.none', true);
        }
      }
      case 'process': {
        const run = await loadCredentialProcess().runCredentialProcess(step.profile, step.argv, this.options.credentialProcessTimeoutMs ?? 60_000, process.env, process.platform, ctx.signal);
        const c = parseProcessOutput(run.stdout, step.profile);
        this.logger.info(`Ran the credential_process of profile "${step.profile}" (${step.argv[0]})${c.expiration ? `; its credentials expire at ${iso(c.expiration)}` : ''}.`);
        return { credentials: c, expiresAt: c.expiration ?? null, obtainedAt: this.clock.now() };
      }
      case 'sso':
        return this.sso(step, ctx);
      case 'login':
        return this.sdk.login(step, ctx.signal);
      case 'web_identity': {
        // A regular file of a token's size only: a pipe would block, a huge file fill the host.
        const read = await readAwsFile(step.tokenFile, MAX_TOKEN_BYTES);
        if (read.bytes === null) {
          const why = read.error ?? l10n.t('{0} does not exist.', step.tokenFile);
          throw new UserError(l10n.t('Profile "{0}": the web identity token file of profile "{1}" cannot be used: {2} Check web_identity_token_file.', ctx.profile, step.profile, why), 'webIdentity.file');
        }
        const token = Buffer.from(read.bytes).toString('utf8').trim();
        return this.call(step, ctx, async (sdk) => sdk.assumeRoleWithWebIdentity(ctx.target, { roleArn: step.roleArn, roleSessionName: step.sessionName ?? defaultSessionName(this.clock.now()), webIdentityToken: token }, ctx.signal));
      }
      case 'mfa_session': {
        const below = await source();
        const code = await ctx.mfaCode(step.serialNumber);
        return this.call(step, ctx, (sdk) =>
          sdk.getSessionToken(ctx.target, below.credentials, { serialNumber: step.serialNumber, tokenCode: code, durationSeconds: step.durationSeconds }, ctx.signal),
        );
      }
      case 'assume_role': {
        const below = await source();
        const code = step.sendsMfaCode && step.mfaSerial !== null ? await ctx.mfaCode(step.mfaSerial) : undefined;
        const assume = (durationSeconds: number | undefined, retry?: (error: UserError) => Promise<ObtainedCredentials> | undefined) =>
          this.call(
            step,
            ctx,
            (sdk) =>
              sdk.assumeRole(ctx.target, below.credentials, {
                roleArn: step.roleArn,
                roleSessionName: step.sessionName ?? defaultSessionName(this.clock.now()),
                externalId: step.externalId ?? undefined,
                serialNumber: code !== undefined ? step.mfaSerial ?? undefined : undefined,
                tokenCode: code,
                durationSeconds,
              }, ctx.signal),
            retry,
          );
        if (step.durationFrom !== 'setting') return assume(step.durationSeconds ?? undefined);
        // The setting asks for every role alike; a role whose maximum is shorter is assumed as the AWS CLI does, without DurationSeconds.
        if (this.settingTooLong.has(step.roleArn)) return assume(undefined);
        return assume(step.durationSeconds ?? undefined, (error) => {
          // A code is used once: a second call with it would be refused.
          if (error.code !== 'sts.Duration' || code !== undefined) return undefined;
          this.settingTooLong.add(step.roleArn);
          this.logger.warn(
            `Role ${step.roleArn} (profile "${step.profile}") allows no session of ${step.durationSeconds} seconds, which awsProfiles.defaultSessionDuration asks for: it is assumed without a duration (STS's default, one hour) from now on in this window. Lower the setting, or raise the role's maximum session duration in IAM.`,
          );
          return assume(undefined);
        });
      }
    }
  }

  /** GetRoleCredentials with the session's token; a token the portal refuses is replaced once (refreshed, or signed in again). */
  private async sso(step: SsoStep, ctx: StepContext): Promise<ObtainedCredentials> {
    const portal = this.sdk.ssoPortal(step.session, step.profile);
    const started = this.clock.now();
    let token = await ctx.ssoToken(step.session);
    for (let attempt = 1; ; attempt++) {
      try {
        const c = await this.sdk.ssoGateway().getRoleCredentials(portal, token, step.accountId, step.roleName);
        this.logger.info(`Got ${describeStep(step)} for profile "${ctx.profile}" via ${portal.endpoint}; expires at ${iso(c.expiration)}.`);
        return { credentials: c, expiresAt: c.expiration, obtainedAt: started };
      } catch (e) {
        if (attempt === 1 && isRejectedToken(e)) {
          token = await ctx.ssoToken(step.session, token);
          continue;
        }
        const error = loadErrorSentences().translateSsoError(e, { session: step.session, profile: ctx.profile, role: { accountId: step.accountId, roleName: step.roleName }, endpoint: portal.endpoint });
        this.logger.warn(`${error.message} [${error.code}]`);
        throw error;
      }
    }
  }

  /** `retry`: given the failure's sentence, another way to obtain the hop (its outcome is returned), or undefined to fail. */
  private async call(
    step: CredentialStep,
    ctx: StepContext,
    run: (gateway: StsGateway) => Promise<{ credentials: ObtainedCredentials['credentials'] & { expiration: number }; identity?: ObtainedCredentials['identity'] }>,
    retry?: (error: UserError) => Promise<ObtainedCredentials> | undefined,
  ): Promise<ObtainedCredentials> {
    const started = this.clock.now();
    try {
      const out = await run(this.sdk.gateway());
      this.logger.info(
        `${ACTION[step.kind]} ${describeStep(step)} for profile "${ctx.profile}" via ${ctx.target.endpoint} (${ctx.target.region})${out.identity ? ` as ${out.identity.arn}` : ''}; expires at ${iso(out.credentials.expiration)}.` +
          (step.kind === 'assume_role' && step.cappedFromSeconds !== undefined
            ? ` The session lasts one hour, not the ${step.cappedFromSeconds} seconds of awsProfiles.defaultSessionDuration: STS allows at most one hour for a role assumed with another role's credentials (role chaining).`
            : ''),
      );
      return { credentials: out.credentials, expiresAt: out.credentials.expiration, obtainedAt: started, identity: out.identity };
    } catch (e) {
      if (ctx.signal?.aborted) throw new CancelledError();
      const error = loadErrorSentences().translateStsError(e, { profile: ctx.profile, step, endpoint: ctx.target.endpoint, region: ctx.target.region });
      const instead = retry?.(error);
      if (instead) return instead;
      this.logger.warn(`${error.message} [${error.code}]`);
      throw error;
    }
  }

}

const ACTION: Record<string, string> = {
  assume_role: 'Assumed',
  // l10n-ignore: the log's words
  mfa_session: 'Started the',
  web_identity: 'Assumed',
};

/** Built when read, so that the sentences are in the display language (@vscode/l10n is configured at activation). */
const SOURCE_FIX = (): Record<string, string> => ({
  Environment: l10n.t('Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment VS Code was started from.'),
  EcsContainer: l10n.t('It works only inside an ECS task (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI).'),
  Ec2InstanceMetadata: l10n.t('It works only on an EC2 instance with an instance profile.'),
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
