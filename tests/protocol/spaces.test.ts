/**
 * Space and SpaceAssignment through Pulumi's real dynamic-provider host (started from an example program directory,
 * credentials through Configure), against the emulator: check (with the tenant-aware role check), create, read,
 * diff, update, composite ids, delete. Requires `npm run build` (the host loads dist/provider).
 */
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { hostEnv, ProviderHost, urnOf } from "./host";
import { serializedProviders, type Kind } from "./serialized";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const programDir = path.resolve(__dirname, "../../examples/quickstart");

let emulator: EmulatorHandle;
let host: ProviderHost;
let providers: Record<Kind, string>;

beforeAll(async () => {
  providers = await serializedProviders();
  emulator = await startEmulator();
  const env = hostEnv();
  host = await ProviderHost.start({ programDir, env });
  await host.configure({ "qlik:tenantUrl": emulator.tenantUrl, "qlik:apiKey": emulator.tenants[0].apiKey });
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

const since = (seq: number) => emulator.log.filter((entry) => entry.seq > seq).map((e) => `${e.method} ${e.path}`);
const lastSeq = () => emulator.log.at(-1)?.seq ?? 0;

describe("Space and SpaceAssignment through the dynamic-provider host", () => {
  it("create, read, no-change diff, update (one PATCH / one PUT), role check at preview, delete", async () => {
    const spaceUrn = urnOf("Space", "reports");
    const space = await host.check(spaceUrn, {}, { name: "Reports", type: "managed", __provider: providers.Space });
    expect(space.failures).toEqual([]);
    const createdSpace = await host.create(spaceUrn, space.inputs);
    expect(createdSpace.properties).toMatchObject({ spaceId: createdSpace.id, type: "managed" });

    // At preview the space of a new assignment is unknown: check passes without a request.
    const urn = urnOf("SpaceAssignment", "finance");
    const finance = emulator.state().groups.find((group) => group.name === "Finance")!.id;
    let seq = lastSeq();
    const preview = await host.check(
      urn,
      {},
      {
        spaceId: UNKNOWN,
        assigneeId: finance,
        type: "group",
        roles: ["consumer"],
        __provider: providers.SpaceAssignment,
      },
    );
    expect(preview.failures).toEqual([]);
    expect(since(seq)).toEqual([]);

    // With the id known, roles the space's type refuses fail check, naming the allowed ones.
    const wrong = await host.check(
      urn,
      {},
      {
        spaceId: createdSpace.id,
        assigneeId: finance,
        type: "group",
        roles: ["producer"],
        __provider: providers.SpaceAssignment,
      },
    );
    expect(wrong.failures).toEqual([
      {
        property: "roles",
        reason: expect.stringMatching(/"producer" cannot be assigned in the managed space "Reports"/),
      },
    ]);

    const inputs = { spaceId: createdSpace.id, assigneeId: finance, type: "group", roles: ["consumer"] };
    const checked = await host.check(urn, {}, { ...inputs, __provider: providers.SpaceAssignment });
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn, checked.inputs);
    expect(created.id).toMatch(new RegExp(`^${createdSpace.id}/[0-9a-f]{24}$`));
    const read = await host.read(urn, created.id, created.properties, checked.inputs);
    expect(read.id).toBe(created.id);
    expect((await host.diff(urn, created.id, read.properties, checked.inputs)).changes).toBe("none");

    const edited = await host.check(urn, checked.inputs, {
      ...inputs,
      roles: ["consumer", "publisher"],
      __provider: providers.SpaceAssignment,
    });
    expect(await host.diff(urn, created.id, read.properties, edited.inputs)).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    seq = lastSeq();
    const updated = await host.update(urn, created.id, read.properties, edited.inputs);
    expect(since(seq).filter((request) => !request.startsWith("GET"))).toEqual([
      `PUT /api/v1/spaces/${created.id.replace("/", "/assignments/")}`,
    ]);
    expect(updated.properties).toMatchObject({ roles: ["consumer", "publisher"] });

    const renamed = await host.check(spaceUrn, space.inputs, {
      name: "Published Reports",
      type: "managed",
      __provider: providers.Space,
    });
    seq = lastSeq();
    const spaceUpdated = await host.update(spaceUrn, createdSpace.id, createdSpace.properties, renamed.inputs);
    expect(since(seq)).toEqual([`PATCH /api/v1/spaces/${createdSpace.id}`]);
    expect(spaceUpdated.properties).toMatchObject({ name: "Published Reports" });

    // Resource.get-style reads (the id and the get arguments only) report what Qlik has.
    const lookedUp = await host.read(urnOf("SpaceAssignment", "looked-up"), created.id, {
      __provider: providers.SpaceAssignment,
    });
    expect(lookedUp.id).toBe(created.id);
    expect(lookedUp.properties).toMatchObject({ spaceId: createdSpace.id, assigneeId: finance, type: "group" });
    const spaceLookup = await host.read(urnOf("Space", "looked-up"), createdSpace.id, { __provider: providers.Space });
    expect(spaceLookup.properties).toMatchObject({ name: "Published Reports", type: "managed" });

    await host.delete(urn, created.id, updated.properties);
    expect((await host.read(urn, created.id, updated.properties)).id).toBe("");
    await host.delete(spaceUrn, createdSpace.id, spaceUpdated.properties);
    expect(emulator.state().spaces).toEqual([]);
  });
});
