import type { Clock, SecretStore, Timer } from '../core/credentials/credentials';
import type { Logger } from '../core/common/logger';
import type { LockFolder } from '../base/lockFile';
import { WindowLeases } from '../base/windowLease';
import * as l10n from '@vscode/l10n';

/**
 * A window about to obtain a hop's credentials says so (`{ owner, until }`, nothing secret), so that
 * other windows wait for its result instead of calling STS or asking for an MFA code too: a lock file
 * decides between the windows of this machine, a SecretStorage entry tells the others (base/windowLease.ts).
 */
export const LEASE_PREFIX = 'awsProfiles.lease.v1/';

/** The leases of hops across windows: one per fingerprint. */
export function hopLeases(secrets: SecretStore, o: { clock: Clock; timer: Timer; windowId: string; logger: Logger; locks?: LockFolder }): WindowLeases {
  return new WindowLeases(secrets, {
    ...o,
    secretPrefix: LEASE_PREFIX,
    lockPrefix: 'hop-',
    describe: (fingerprint) => l10n.t('obtaining these credentials (hop {0}…)', fingerprint.slice(0, 8)),
  });
}
