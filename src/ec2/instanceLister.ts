import type { CancellableProgress, CredentialService } from '../core/credentials/credentials';
import { CancelledError, UserError } from '../core/common/errors';
import type { InstancePage } from '../aws/ec2/ec2Gateway';
import type { InstanceListTarget } from './instanceList';
import type { InstancePager } from './instanceNodes';
import type { ProfileModel } from '../core/config/profileMap';
import { EC2, resolveServiceTarget } from '../core/endpoints/serviceEndpoint';
import type { Ec2Gateway, Ec2Sdk, Ec2SdkOptions } from '../aws/ec2/ec2Gateway';
import { loadEc2Sdk, loadErrorSentences } from '../aws/sdkLoader';
import * as l10n from '@vscode/l10n';

/** What the lister is built from (passed in by activate()). */
export interface InstanceListerDeps {
  /** The current profiles (a ProfileSnapshot fits); read on every call, so a reload of the files is seen at once. */
  profiles: () => { model: ProfileModel };
  /** The environment for region and endpoint resolution (AWS_REGION, AWS_ENDPOINT_URL_EC2, …). */
  env: Readonly<Record<string, string | undefined>>;
  credentials: Pick<CredentialService, 'get'>;
  /** Loads the SDK module; the default requires dist/sdk-ec2.js (or the source under tsx) on first use. */
  loadSdk?: () => Ec2Sdk;
  options?: Ec2SdkOptions;
  /** Shows a listing that takes more than a moment, with Cancel (absent: no progress, no cancel). */
  progress?: CancellableProgress;
}

/** Empty pages with a NextToken (EC2 may answer so) followed before answering an empty page. */
const MAX_CALLS_PER_PAGE = 5;

/**
 * Lists a profile's EC2 instances one page at a time: the profile's credentials from the credentials
 * engine (never prompting: a profile needing an MFA code says so in the error), its region (or the
 * one chosen for the node) and endpoint by the same rules as STS, and DescribeInstances through the
 * EC2 SDK, loaded on the first page. Every failure is a UserError naming profile and region.
 */
export class InstanceLister implements InstancePager {
  private gateway: Ec2Gateway | undefined;

  constructor(private readonly deps: InstanceListerDeps) {}

  /** Where a profile's listing goes, or why it cannot go anywhere. No network. */
  target(profile: string, region?: string): InstanceListTarget | { problem: string } {
    const model = this.deps.profiles().model;
    const entry = model.profiles.get(profile);
    if (entry === undefined) return { problem: l10n.t('Profile "{0}" is no longer in the AWS config files.', profile) };
    return resolveServiceTarget(EC2, entry.values, model.services, this.deps.env, region);
  }

  /** One page (the first without `nextToken`) of the profile's instances in the region; Cancel on its progress fails it with CancelledError. */
  async page(profile: string, request: { region?: string; nextToken?: string; maxResults: number }): Promise<InstancePage> {
    const target = this.target(profile, request.region);
    if ('problem' in target) throw new UserError(l10n.t('Profile "{0}" cannot list EC2 instances: {1}', profile, target.problem), 'ec2.Target');
    const list = (signal?: AbortSignal) => this.fetch(profile, target, request, signal);
    return this.deps.progress ? this.deps.progress(l10n.t('Listing the EC2 instances of AWS profile "{0}" in {1}…', profile, target.region), list) : list();
  }

  private async fetch(profile: string, target: InstanceListTarget, request: { nextToken?: string; maxResults: number }, signal: AbortSignal | undefined): Promise<InstancePage> {
    // The engine's own minimum lifetime (5 minutes): a page is quick, but the list stays shown.
    const held = await this.deps.credentials.get(profile, { interactive: false, signal });
    const gateway = (this.gateway ??= (this.deps.loadSdk ?? loadEc2Sdk)().createEc2Gateway(this.deps.options));
    let nextToken = request.nextToken;
    for (let call = 1; ; call++) {
      let page: InstancePage;
      try {
        page = await gateway.describeInstancesPage({
          credentials: held.credentials,
          region: target.region,
          endpoint: target.endpoint,
          nextToken,
          maxResults: request.maxResults,
          signal,
        });
      } catch (e) {
        if (signal?.aborted) throw new CancelledError();
        throw loadErrorSentences().translateEc2Error(e, { profile, region: target.region, endpoint: target.endpoint });
      }
      if (page.instances.length > 0 || page.nextToken === undefined || call >= MAX_CALLS_PER_PAGE) return page;
      nextToken = page.nextToken;
    }
  }
}
