/**
 * Refresh cost, counted in the emulator's log: reads of many users and groups through the provider's `read`, at
 * the engine's parallelism, are answered by a few `…/actions/filter` calls and a listing instead of one GET each —
 * and every read still gets exactly its own object, missing ones are gone, and writes are never hidden by a listing
 * taken before them.
 */
import type { EmulatorHandle } from "../../../emulator";
import { implementation as users, type UserOutputs } from "../../../provider/users";
import { implementation as groups, type GroupOutputs } from "../../../provider/groups";
import { inParallel, primeSharedClient, seedWith, tally } from "./support";
import { useEmulator } from "../emulator";

const USERS = 250;
const GROUPS = 100;

let emu: EmulatorHandle;
useEmulator(
  { seed: seedWith(USERS, GROUPS), timeScale: 600 },
  (handle) => (emu = handle),
  (handle) => primeSharedClient(handle.tenants[0].url, { kind: "apiKey", apiKey: handle.tenants[0].apiKey }),
);

/** What the engine passes to Read in a refresh: the outputs recorded in state (here: the fields the program set, the id). */
function userProps() {
  return emu
    .state()
    .users.filter((user) => user.subject.startsWith("perf|"))
    .map((user) => ({
      id: user.id,
      props: {
        subject: user.subject,
        email: user.email,
        name: user.name,
        tenantUrl: emu.tenantUrl,
        userId: user.id,
      } as UserOutputs,
    }));
}

function groupProps() {
  return emu
    .state()
    .groups.filter((group) => group.name.startsWith("Perf group"))
    .map((group) => ({
      id: group.id,
      props: { name: group.name, providerType: "custom", tenantUrl: emu.tenantUrl, groupId: group.id } as GroupOutputs,
    }));
}

describe("refresh through the provider's read", () => {
  it(`reads ${USERS} users with at most 3 filter calls and ≤ ${USERS}/30 requests, each read getting its own user`, async () => {
    const recorded = userProps();
    expect(recorded).toHaveLength(USERS);
    emu.clearLog();
    const results = await inParallel(recorded, ({ id, props }) => users.read(id, props));
    results.forEach((result, i) => {
      expect(result.id).toBe(recorded[i].id);
      expect(result.props).toMatchObject({ subject: recorded[i].props.subject, userId: recorded[i].id });
    });
    const counts = tally(emu.log);
    expect(counts["POST /api/v1/users/actions/filter"]).toBeLessThanOrEqual(3);
    expect(counts["GET /api/v1/users/{id}"]).toBeUndefined();
    expect(emu.log.length).toBeLessThanOrEqual(USERS / 30);
    expect(emu.log.filter((entry) => entry.rateLimited)).toEqual([]);
  });

  it(`reads ${GROUPS} groups with at most 3 filter calls and ≤ ${GROUPS}/30 + 1 requests`, async () => {
    const recorded = groupProps();
    expect(recorded).toHaveLength(GROUPS);
    emu.clearLog();
    const results = await inParallel(recorded, ({ id, props }) => groups.read(id, props));
    results.forEach((result, i) => expect(result.props).toMatchObject({ groupId: recorded[i].id }));
    const counts = tally(emu.log);
    expect(counts["POST /api/v1/groups/actions/filter"]).toBeLessThanOrEqual(3);
    expect(counts["GET /api/v1/groups/{id}"]).toBeUndefined();
    expect(emu.log.length).toBeLessThanOrEqual(GROUPS / 30 + 1);
  });

  it("reads users and groups of one refresh together, each kind through its own reader", async () => {
    const all: (() => Promise<{ id?: string }>)[] = [
      ...userProps().map((r) => () => users.read(r.id, r.props)),
      ...groupProps().map((r) => () => groups.read(r.id, r.props)),
    ];
    emu.clearLog();
    const results = await inParallel(all, (read) => read());
    expect(results.filter((result) => result.id === "")).toEqual([]);
    expect(emu.log.length).toBeLessThanOrEqual((USERS + GROUPS) / 30);
  });

  it("answers deleted objects as gone in the middle of a bulk refresh", async () => {
    const recorded = userProps();
    const gone = new Set([recorded[3].id, recorded[200].id]);
    for (const id of gone) await users.delete(id, recorded.find((r) => r.id === id)!.props);
    const results = await inParallel(recorded, ({ id, props }) => users.read(id, props));
    recorded.forEach(({ id }, i) => expect(results[i].id).toBe(gone.has(id) ? "" : id));
  });

  it("never answers from a listing taken before this process changed the object", async () => {
    const recorded = userProps();
    emu.clearLog();
    await inParallel(recorded, ({ id, props }) => users.read(id, props));
    expect(tally(emu.log)["GET /api/v1/users"]).toBeGreaterThan(0); // the refresh did take a listing

    // Within the same bulk operation (no pause), this process renames one user and deletes another.
    const [renamed, removed] = [recorded[10], recorded[11]];
    await users.update(renamed.id, renamed.props, { ...renamed.props, name: "Renamed" });
    await users.delete(removed.id, removed.props);
    const [afterRename, afterDelete, untouched] = await Promise.all([
      users.read(renamed.id, renamed.props),
      users.read(removed.id, removed.props),
      users.read(recorded[12].id, recorded[12].props),
    ]);
    expect(afterRename.props).toMatchObject({ name: "Renamed" });
    expect(afterDelete).toEqual({ id: "" });
    expect(untouched.id).toBe(recorded[12].id);
  });

  it("keeps a user Qlik marks as deleted gone", async () => {
    const [first] = userProps();
    const client = primeSharedClient(emu.tenantUrl, { kind: "apiKey", apiKey: emu.tenants[0].apiKey });
    const original = client.paginate.bind(client);
    // Qlik may list a removed user with status "deleted" for a while: the filter answers it like that.
    client.paginate = ((options: Parameters<typeof original>[0]) => {
      if (!options.path.endsWith("/actions/filter")) return original(options);
      return (async function* () {
        for await (const user of original(options)) yield { ...(user as object), status: "deleted" };
      })();
    }) as typeof client.paginate;
    await expect(users.read(first.id, first.props)).resolves.toEqual({ id: "" });
  });

  it("fails only the read of a user the API returns in an unexpected shape, not the others of its batch", async () => {
    const [odd, ...others] = userProps().slice(0, 8);
    const client = primeSharedClient(emu.tenantUrl, { kind: "apiKey", apiKey: emu.tenants[0].apiKey });
    const original = client.paginate.bind(client);
    client.paginate = ((options: Parameters<typeof original>[0]) => {
      if (!options.path.endsWith("/actions/filter")) return original(options);
      return (async function* () {
        for await (const user of original(options)) {
          yield (user as { id: string }).id === odd.id ? { ...(user as object), subject: 42 } : user;
        }
      })();
    }) as typeof client.paginate;
    emu.clearLog();
    const results = await Promise.allSettled([odd, ...others].map(({ id, props }) => users.read(id, props)));
    expect(tally(emu.log)["POST /api/v1/users/actions/filter"]).toBe(1); // all 8 in one batch
    expect(results[0]).toMatchObject({ status: "rejected", reason: { name: "QlikResponseError" } });
    expect(String((results[0] as PromiseRejectedResult).reason.message)).toContain(`data[id="${odd.id}"].subject`);
    results
      .slice(1)
      .forEach((result, i) => expect(result).toMatchObject({ status: "fulfilled", value: { id: others[i].id } }));
  });

  it("reads one object alone with one filter call and nothing else", async () => {
    const [first] = userProps();
    emu.clearLog();
    await expect(users.read(first.id, first.props)).resolves.toMatchObject({ id: first.id });
    expect(tally(emu.log)).toEqual({ "POST /api/v1/users/actions/filter": 1 });
  });
});
