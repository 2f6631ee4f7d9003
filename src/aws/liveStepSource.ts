import { readFile } from 'node:fs/promises';
import type { Clock } from '../core/credentials';
import { describeStep, type CredentialStep } from '../core/credentialSteps';
import { UserError } from '../core/errors';
import { defaultSessionName } from '../core/expiry';
import { silentLogger, type Logger } from '../core/logger';
import { parseProcessOutput } from '../core/processOutput';
import type { ObtainedCredentials, StepContext, StepSource } from '../core/stepSource';
import { runCredentialProcess } from './credentialProcess';
import { translateStsError } from './stsErrors';
import type { CredentialSourceName, StsGateway } from './stsGateway';

/** The SDK-backed pieces the live source calls, created on first use. */
export interface LiveSdk {
  gateway(): StsGateway;
  credentialSource(name: CredentialSourceName): Promise<ObtainedCredentials['credentials']>;
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
          throw new UserError(`Profile "${ctx.profile}": ${describeStep(step)} gave no credentials (${firstLine(e)}). ${SOURCE_FIX[step.source]}`, 'source.none', true);
        }
      }
      case 'process': {
        const run = await runCredentialProcess(step.profile, step.argv, this.options.credentialProcessTimeoutMs ?? 60_000);
        const c = parseProcessOutput(run.stdout, step.profile);
        this.logger.info(`Ran the credential_process of profile "${step.profile}" (${step.argv[0]})${c.expiration ? `; its credentials expire at ${iso(c.expiration)}` : ''}.`);
        return { credentials: c, expiresAt: c.expiration ?? null, obtainedAt: this.clock.now() };
      }
      case 'unsupported':
        throw new UserError(
          `Profile "${ctx.profile}" gets its credentials from ${step.what === 'sso' ? 'IAM Identity Center (SSO)' : '`aws login`'} (profile "${step.profile}"), which AWS Profiles does not support yet. Use the AWS CLI for this profile for now.`,
          `unsupported.${step.what}`,
        );
      case 'web_identity': {
        let token: string;
        try {
          token = (await readFile(step.tokenFile, 'utf8')).trim();
        } catch (e) {
          throw new UserError(`Profile "${ctx.profile}": the web identity token file ${step.tokenFile} of profile "${step.profile}" cannot be read (${(e as NodeJS.ErrnoException).code ?? firstLine(e)}). Check web_identity_token_file.`, 'webIdentity.file');
        }
        return this.call(step, ctx, async (sdk) => sdk.assumeRoleWithWebIdentity(ctx.target, { roleArn: step.roleArn, roleSessionName: step.sessionName ?? defaultSessionName(this.clock.now()), webIdentityToken: token }));
      }
      case 'mfa_session': {
        const below = await source();
        const code = await ctx.mfaCode(step.serialNumber);
        return this.call(step, ctx, (sdk) =>
          sdk.getSessionToken(ctx.target, below.credentials, { serialNumber: step.serialNumber, tokenCode: code, durationSeconds: step.durationSeconds }),
        );
      }
      case 'assume_role': {
        const below = await source();
        const code = step.sendsMfaCode && step.mfaSerial !== null ? await ctx.mfaCode(step.mfaSerial) : undefined;
        return this.call(step, ctx, (sdk) =>
          sdk.assumeRole(ctx.target, below.credentials, {
            roleArn: step.roleArn,
            roleSessionName: step.sessionName ?? defaultSessionName(this.clock.now()),
            externalId: step.externalId ?? undefined,
            serialNumber: code !== undefined ? step.mfaSerial ?? undefined : undefined,
            tokenCode: code,
            durationSeconds: step.durationSeconds ?? undefined,
          }),
        );
      }
    }
  }

  private async call(
    step: CredentialStep,
    ctx: StepContext,
    run: (gateway: StsGateway) => Promise<{ credentials: ObtainedCredentials['credentials'] & { expiration: number }; identity?: ObtainedCredentials['identity'] }>,
  ): Promise<ObtainedCredentials> {
    const started = this.clock.now();
    try {
      const out = await run(this.sdk.gateway());
      this.logger.info(
        `${ACTION[step.kind]} ${describeStep(step)} for profile "${ctx.profile}" via ${ctx.target.endpoint} (${ctx.target.region})${out.identity ? ` as ${out.identity.arn}` : ''}; expires at ${iso(out.credentials.expiration)}.`,
      );
      return { credentials: out.credentials, expiresAt: out.credentials.expiration, obtainedAt: started, identity: out.identity };
    } catch (e) {
      const error = translateStsError(e, { profile: ctx.profile, step, endpoint: ctx.target.endpoint, region: ctx.target.region });
      this.logger.warn(`${error.message} [${error.code}]`);
      throw error;
    }
  }

}

const ACTION: Record<string, string> = {
  assume_role: 'Assumed',
  mfa_session: 'Started the',
  web_identity: 'Assumed',
};

const SOURCE_FIX: Record<string, string> = {
  Environment: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment VS Code was started from.',
  EcsContainer: 'It works only inside an ECS task (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI).',
  Ec2InstanceMetadata: 'It works only on an EC2 instance with an instance profile.',
};

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
