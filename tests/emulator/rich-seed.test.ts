/** The rich seed: valid, selected by name, and served as the API renders it — hostile names unchanged. */
import { richSeed, startEmulator, validateSeed, type EmulatorHandle } from "../../emulator";

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({ seed: "rich", rateLimits: false });
});
afterAll(() => emulator?.stop());

test("is a valid seed, selected by name, leaving the other tenants as the default seed has them", () => {
  expect(() => validateSeed(richSeed())).not.toThrow();
  const state = emulator.state(emulator.tenants[0].id);
  expect(state.users).toHaveLength(50);
  expect(state.groups).toHaveLength(23);
  expect(state.tenantSettings).toMatchObject({ releaseCadence: "continuous" });
  expect(emulator.state(emulator.tenants[1].id).users).toHaveLength(6);
});

test("serves hostile names exactly", async () => {
  const response = await fetch(`${emulator.tenantUrl}/api/v1/groups?limit=100`, {
    headers: { authorization: `Bearer ${emulator.tenants[0].apiKey}` },
  });
  const names = ((await response.json()) as { data: { name: string }[] }).data.map((group) => group.name);
  expect(names).toEqual(
    expect.arrayContaining([
      "admin\u202egnp.exe",
      "Line\nBreak\tGroup",
      'Quoted "Group" \\ ${process.exit(1)}',
      "finance",
      "Finance",
    ]),
  );
});
