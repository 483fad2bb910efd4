/**
 * Loaded into Pulumi's dynamic-provider host with `node --require` (through NODE_OPTIONS) by the benchmark.
 *
 * The emulator runs Qlik's limits time-scaled (a "minute" lasts 60 000 / timeScale ms). The provider has no
 * setting for the length of its rate-limit window — against Qlik it is always a minute — so this makes the host's
 * shared client for the benchmark tenant first, with the emulator's window. Everything else is the provider's own:
 * `tenantClient` asks `getSharedClient` for (origin, credential) and gets this instance, with its scheduler.
 */
import { getSharedClient } from "../provider/http";

const origin = process.env.PULUMI_QLIK_BENCH_ORIGIN;
const apiKey = process.env.PULUMI_QLIK_BENCH_API_KEY;
const windowMs = Number(process.env.PULUMI_QLIK_BENCH_WINDOW_MS);

if (origin && apiKey && Number.isFinite(windowMs) && windowMs > 0) {
  getSharedClient({ origin, credentials: { kind: "apiKey", apiKey }, rateWindowMs: windowMs });
}
