/** Shared pieces of the client's emulator-backed tests. */
import { z } from "zod";
import type { EmulatorHandle, RequestLogEntry } from "../../../emulator";
import { createClient, type QlikHttpClient } from "../../../provider/http";
import type { ClientOptions, Credentials } from "../../../provider/http/types";

/** Retries fast enough for tests, with a deadline far above anything a healthy run needs. */
export const TEST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, deadlineMs: 20_000 };

export const userSchema = z.object({
  id: z.string(),
  subject: z.string(),
  email: z.string().optional(),
  status: z.string(),
});
export type ApiUser = z.infer<typeof userSchema>;

/** Creates clients against the emulator and closes them after the test file. */
export class Clients {
  private readonly open: QlikHttpClient[] = [];

  constructor(private readonly timeScale = 1) {}

  make(origin: string, credentials: Credentials, options: Partial<ClientOptions> = {}): QlikHttpClient {
    const client = createClient({
      origin,
      credentials,
      retry: TEST_RETRY,
      // The emulator divides its one-minute windows by timeScale; the client must use the same window.
      rateWindowMs: 60_000 / this.timeScale,
      ...options,
    });
    this.open.push(client);
    return client;
  }

  apiKey(emu: EmulatorHandle, options: Partial<ClientOptions> = {}, tenant = 0): QlikHttpClient {
    const t = emu.tenants[tenant];
    return this.make(t.url, { kind: "apiKey", apiKey: t.apiKey }, options);
  }

  oauth(emu: EmulatorHandle, options: Partial<ClientOptions> = {}, tenant = 0): QlikHttpClient {
    const t = emu.tenants[tenant];
    return this.make(t.url, { kind: "oauth", ...t.oauthClient }, options);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.close()));
  }
}

/** The most log entries inside any window of `windowMs` (closed, on the log's millisecond timestamps). */
export function maxPerWindow(entries: RequestLogEntry[], windowMs: number): number {
  const times = entries.map((e) => e.at).sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[start] < times[end] - windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Requests the emulator accepted (answered, not rate limited) in `tier`. */
export function accepted(emu: EmulatorHandle, tier: RequestLogEntry["tier"]): RequestLogEntry[] {
  return emu.log.filter((e) => e.tier === tier && !e.rateLimited && e.status !== 0);
}
