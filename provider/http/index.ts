/** The public names of the Qlik HTTP client. Callers import from here (or `./types` for types only). */
export type * from "./types";
export {
  createClient,
  getSharedClient,
  haltSharedClients,
  resetSharedClients,
  QlikHttpClient,
  type HttpClientStats,
} from "./client";
export {
  QlikError,
  QlikApiError,
  QlikRequestError,
  QlikConfigError,
  QlikResponseError,
  QlikHaltedError,
  type QlikErrorItem,
  type ResponseIssue,
} from "./errors";
export { tierOf, TIERS, DEFAULT_RATE_LIMITS, resolveRateLimits } from "./tiers";
export { RateScheduler, systemClock, type Clock, type Slot, type SchedulerOptions } from "./scheduler";
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  parseRateLimitReset,
  backoffDelay,
  classifyStatus,
  isIdempotent,
} from "./retry";
export { normalizeOrigin, isLoopback, type OriginHints } from "./origin";
export { linkPath, withQuery } from "./pagination";
export { credentialFingerprint } from "./auth";
export * as scim from "./scim";
