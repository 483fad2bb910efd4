/**
 * The role catalog check uses: one read per tenant, forgotten when a Role changes, and a tenant that cannot be read
 * (an error, or no answer in time) yields `undefined` — checked with fake timers, never sleeps.
 */
import type { QlikClient } from "../../../provider/http/types";
import { forgetRoleCatalog, roleCatalog, setRoleCatalogWait, type RoleSummary } from "../../../provider/roles/catalog";
import { roleFailures } from "../../../provider/engine/roleCheck";
import type { Connection } from "../../../provider/engine/connection";
import { userKind } from "../../../provider/users/kind";

const client = (origin: string) => ({ origin }) as QlikClient;
const ROLES: RoleSummary[] = [
  { id: "1", name: "TenantAdmin", type: "default", level: "admin" },
  { id: "2", name: "Developer", type: "default", level: "user" },
];

afterEach(() => {
  jest.useRealTimers();
  setRoleCatalogWait(10_000);
});

describe("roleCatalog", () => {
  it("reads once per tenant until a Role change forgets it", async () => {
    const list = jest.fn(async () => ROLES);
    expect(await roleCatalog(client("https://a.example"), list)).toEqual(ROLES);
    expect(await roleCatalog(client("https://a.example"), list)).toEqual(ROLES);
    expect(list).toHaveBeenCalledTimes(1);
    await roleCatalog(client("https://b.example"), list);
    expect(list).toHaveBeenCalledTimes(2);
    forgetRoleCatalog("https://a.example");
    await roleCatalog(client("https://a.example"), list);
    expect(list).toHaveBeenCalledTimes(3);
  });

  it("answers undefined for a tenant that fails (and reads it again next time) or does not answer in time", async () => {
    const failing = jest.fn(async (): Promise<RoleSummary[]> => {
      throw new Error("ECONNREFUSED");
    });
    expect(await roleCatalog(client("https://c.example"), failing)).toBeUndefined();
    expect(await roleCatalog(client("https://c.example"), failing)).toBeUndefined();
    expect(failing).toHaveBeenCalledTimes(2);

    jest.useFakeTimers();
    setRoleCatalogWait(5_000);
    let answer: (roles: RoleSummary[]) => void = () => undefined;
    const slowList = jest.fn(() => new Promise<RoleSummary[]>((resolve) => (answer = resolve)));
    const pending = roleCatalog(client("https://d.example"), slowList);
    jest.advanceTimersByTime(5_000);
    expect(await pending).toBeUndefined();
    // Later checks do not wait for that tenant again, and use its list once it has come in.
    expect(await roleCatalog(client("https://d.example"), slowList)).toBeUndefined();
    answer(ROLES);
    await Promise.resolve();
    expect(await roleCatalog(client("https://d.example"), slowList)).toEqual(ROLES);
    expect(slowList).toHaveBeenCalledTimes(1);
  });
});

describe("roleFailures", () => {
  const connection = (names: string[] | undefined): Connection => ({
    client: () => client("https://a.example"),
    defaultTenantUrl: () => undefined,
    roleNames: async () => names,
  });

  it("names each unknown role and lists the valid names; case differences are no failure", async () => {
    const failures = await roleFailures(
      userKind,
      { subject: "s", assignedRoles: ["developer", "Develpoer", "Nope"] },
      connection(["TenantAdmin", "Developer"]),
    );
    expect(failures).toEqual([
      {
        property: "assignedRoles",
        reason: expect.stringMatching(/no role "Develpoer", "Nope". Valid role names: Developer, TenantAdmin\./),
      },
    ]);
  });

  it("checks nothing when the tenant cannot be reached, or no role list is given", async () => {
    expect(await roleFailures(userKind, { subject: "s", assignedRoles: ["Nope"] }, connection(undefined))).toEqual([]);
    expect(await roleFailures(userKind, { subject: "s" }, connection(["Developer"]))).toEqual([]);
  });
});
