import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Default per-attempt timeout: long enough for a slow AWS endpoint, short enough for a user waiting. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** The keep-alive HTTP handler the SDK clients of one gateway share, with timeouts that really end a request. */
export function createHttpHandler(options: { requestTimeoutMs?: number; connectTimeoutMs?: number }): NodeHttpHandler {
  return new NodeHttpHandler({
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    connectionTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // Without it the handler only logs a warning when requestTimeout passes and keeps waiting.
    throwOnRequestTimeout: true,
  });
}
