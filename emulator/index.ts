/**
 * pulumi-qlik's local Qlik Cloud: `startEmulator()` serves emulated tenants and the Cloud Console on loopback
 * ports. See emulator/README.md for the endpoints, the seed and the decisions made where Qlik's docs are silent.
 */
export { startEmulator } from "./emulator";
export { defaultSeed } from "./seed/default-seed";
export { richSeed, generatedContent, seedWithContent } from "./seed/rich-seed";
export { validateSeed, loadSeedFile } from "./seed/schema";
export type { IqServerSeed, SeedIqOrganization, SeedIqTag } from "./iqserver/seed";
export type { IqServerHandle, IqServerInfo } from "./iqserver/server";
export type {
  EmulatorSeed,
  SeedTenant,
  SeedListedTenant,
  SeedUser,
  SeedGroup,
  SeedTenantSettings,
} from "./seed/schema";
export type {
  EmulatorOptions,
  EmulatorHandle,
  EmulatedTenant,
  EmulatorInfo,
  FaultControls,
  FaultKind,
  LogTier,
  OAuthClientCredentials,
  RateLimitOptions,
  RequestLogEntry,
  RequestMatch,
  TenantSnapshot,
  Tier,
} from "./types";
