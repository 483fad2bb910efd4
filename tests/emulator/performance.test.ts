import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { client, collectPages, type Api } from "./support/http";

/** A tenant with this many seeded users, as in the benchmark. */
const SEEDED = 5000;

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  const seed = defaultSeed();
  const tenant = seed.tenants[0];
  for (let i = 0; i < SEEDED; i++) {
    tenant.users?.push({
      subject: `bulk|${i}`,
      email: `bulk${i}@acme.example`,
      name: `Bulk ${i}`,
      roles: ["Developer"],
    });
  }
  emu = await startEmulator({ seed, rateLimits: false });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());

async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/**
 * With thousands of users: creates, paging through the whole collection and indexed lookups stay correct. The
 * speed is printed for whoever reads the log, not asserted (wall-clock bounds flake on shared machines; the
 * benchmarks measure speed).
 */
describe("performance with thousands of users", () => {
  test("creates, full listing and indexed lookups", async () => {
    const t0 = performance.now();
    const statuses = await inParallel(
      300,
      10,
      async (i) => (await api.post("/api/v1/users", { subject: `perf|${i}`, email: `perf${i}@acme.example` })).status,
    );
    const t1 = performance.now();
    expect(statuses.every((s) => s === 201)).toBe(true);

    const all = await collectPages(api, "/api/v1/users?limit=100");
    const t2 = performance.now();
    expect(all).toHaveLength(SEEDED + 300 + 6);

    const found = await inParallel(100, 10, async (i) => {
      const filter = encodeURIComponent(`subject eq "BULK|${SEEDED - 1 - i}"`);
      return (await api.get(`/api/v1/users?filter=${filter}`)).body.data.length;
    });
    const t3 = performance.now();
    expect(found.every((n) => n === 1)).toBe(true);

    const scan = await api.get(`/api/v1/users?filter=${encodeURIComponent('email co "bulk49"')}&totalResults=true`);
    expect(scan.body.totalResults).toBe(111); // bulk49, bulk490…499, bulk4900…4999

    console.log(
      `emulator with ${all.length} users: ${Math.round((300 / (t1 - t0)) * 1000)} creates/s, ` +
        `full listing (${Math.ceil(all.length / 100)} pages) ${Math.round(t2 - t1)} ms, ${Math.round((100 / (t3 - t2)) * 1000)} subject lookups/s`,
    );
  });
});
