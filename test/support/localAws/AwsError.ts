/** An error the local endpoint answers with, rendered in the calling service's error shape (XML for STS and EC2, JSON for IAM Identity Center). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }

  /** `Sender` for client errors, `Receiver` for server errors, as STS reports them. */
  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

interface KnownError {
  readonly status: number;
  readonly message: string;
}

/** Status and default message of the error codes faults can be injected with. */
const KNOWN_ERRORS: Readonly<Record<string, KnownError>> = {
  AccessDenied: { status: 403, message: 'User is not authorized to perform this operation' },
  ExpiredToken: { status: 403, message: 'The security token included in the request is expired' },
  IncompleteSignature: { status: 403, message: 'The request signature does not conform to AWS standards.' },
  InternalError: { status: 500, message: 'An internal error has occurred' },
  InternalFailure: { status: 500, message: 'An internal error has occurred' },
  LimitExceeded: { status: 409, message: 'Cannot exceed quota for AccessKeysPerUser: 2' },
  NoSuchEntity: { status: 404, message: 'The entity cannot be found.' },
  InvalidClientTokenId: { status: 403, message: 'The security token included in the request is invalid.' },
  OptInRequired: { status: 403, message: 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.' },
  RegionDisabledException: {
    status: 403,
    message: 'STS is not activated in this region for this account. Your account administrator can activate STS in this region using the IAM Console.',
  },
  RequestLimitExceeded: { status: 503, message: 'Request limit exceeded.' },
  ServiceUnavailable: { status: 503, message: 'Service is unavailable.' },
  SignatureDoesNotMatch: {
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  Throttling: { status: 400, message: 'Rate exceeded' },
  UnauthorizedOperation: { status: 403, message: 'You are not authorized to perform this operation.' },
  // IAM Identity Center: the portal (awsssoportal) and SSO OIDC
  ForbiddenException: { status: 403, message: 'No access.' },
  ResourceNotFoundException: { status: 404, message: "The specified resource doesn't exist." },
  TooManyRequestsException: { status: 429, message: 'Too many requests; slow down and try again.' },
  UnauthorizedException: { status: 401, message: 'Session token not found or invalid.' },
  AccessDeniedException: { status: 400, message: 'The user denied the authorization.' },
  AuthorizationPendingException: { status: 400, message: 'The user has not yet approved the authorization.' },
  ExpiredTokenException: { status: 400, message: 'The device code has expired.' },
  InternalServerException: { status: 500, message: 'An internal error has occurred.' },
  InvalidClientException: { status: 401, message: 'The client is not valid.' },
  InvalidGrantException: { status: 400, message: 'The grant is not valid.' },
  SlowDownException: { status: 400, message: 'The client polls too often; slow down.' },
};

/** Short names accepted for injected faults. */
const ALIASES: Readonly<Record<string, string>> = { RegionDisabled: 'RegionDisabledException' };

/** Builds the error for an injected fault code; unknown codes need an explicit status. */
export function knownError(code: string, overrides: { status?: number; message?: string } = {}): AwsError {
  const canonical = ALIASES[code] ?? code;
  const known = KNOWN_ERRORS[canonical];
  const status = overrides.status ?? known?.status;
  if (status === undefined) {
    throw new Error(`Unknown fault code '${code}': pass a status for it (known: ${Object.keys(KNOWN_ERRORS).join(', ')}).`);
  }
  return new AwsError(canonical, status, overrides.message ?? known?.message ?? canonical);
}
