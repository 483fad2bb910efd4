import { startEmulator, type EmulatorHandle } from "../../emulator";
import { call, client, collectPages, type Api, type Json } from "./support/http";

let emu: EmulatorHandle;
let api: Api;

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false, logBodies: true });
  api = client(emu.tenantUrl, emu.tenants[0].apiKey);
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const newUser = (n: number | string, extra: Record<string, unknown> = {}) => ({
  subject: `auth0|test-${n}`,
  email: `test-${n}@acme.example`,
  name: `Test ${n}`,
  ...extra,
});

async function createUser(n: number | string, extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await api.post("/api/v1/users", newUser(n, extra));
  expect(res.status).toBe(201);
  return res.body;
}

describe("create, read, delete", () => {
  test("POST creates an invited user with roles by name or id", async () => {
    const developer = emu.state().roles.find((r) => r.name === "Developer");
    const res = await api.post(
      "/api/v1/users",
      newUser(1, { assignedRoles: [{ name: "TenantAdmin" }, { id: developer?.id }] }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subject: "auth0|test-1",
      email: "test-1@acme.example",
      status: "invited",
      tenantId: emu.tenants[0].id,
      assignedGroups: [],
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body.assignedRoles.map((r: Json) => r.name)).toEqual(["TenantAdmin", "Developer"]);
    expect(res.body.assignedRoles[0]).toEqual(expect.objectContaining({ type: "default", level: "admin" }));
    expect(res.body.links.self.href).toBe(`${emu.tenantUrl}/api/v1/users/${res.body.id}`);
    expect(res.body.inviteExpiry).toBeGreaterThan(Date.now() / 1000);

    const got = await api.get(`/api/v1/users/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  test("POST validation: subject and email required, status only invited, unknown roles and fields rejected", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ email: "x@acme.example" }, /subject/],
      [{ subject: "auth0|x" }, /email is required/],
      [{ subject: "auth0|x", email: "not-an-email" }, /email/],
      [{ subject: "auth0|x", email: "x@acme.example", status: "active" }, /invited/],
      [{ subject: "auth0|x", email: "x@acme.example", assignedRoles: [{ name: "NoSuchRole" }] }, /unknown role/],
      [{ subject: "auth0|x", email: "x@acme.example", assignedRoles: [{ name: "developer" }] }, /unknown role/],
      [{ subject: "auth0|x", email: "x@acme.example", preferredLocale: "en" }, /unknown property "preferredLocale"/],
      [{ subject: "auth0|x", email: "x@acme.example", tenantId: "someone-else" }, /tenantId/],
    ];
    for (const [body, detail] of cases) {
      const res = await api.post("/api/v1/users", body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].status).toBe(400);
      expect(res.body.errors[0].code).toMatch(/^USERS-/);
      expect(res.body.errors[0].detail).toMatch(detail);
    }
    expect(emu.state().users).toHaveLength(6);
  });

  test("a duplicate subject is 409; subjects are case-sensitive", async () => {
    const dup = await api.post("/api/v1/users", newUser("x", { subject: "auth0|seed-alice" }));
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]).toMatchObject({ status: 409, source: { pointer: "/subject" } });
    expect((await api.post("/api/v1/users", newUser("y", { subject: "AUTH0|SEED-ALICE" }))).status).toBe(201);
  });

  test("bodies over 500 kB are 413, non-JSON bodies 415, broken JSON 400", async () => {
    const huge = await api.post("/api/v1/users", newUser(1, { name: "x".repeat(600 * 1024) }));
    expect(huge.status).toBe(413);
    const text = await api.send("POST", "/api/v1/users", {
      raw: JSON.stringify(newUser(2)),
      contentType: "text/plain",
    });
    expect(text.status).toBe(415);
    const broken = await api.send("POST", "/api/v1/users", { raw: "{nope", contentType: "application/json" });
    expect(broken.status).toBe(400);
  });

  test("GET and DELETE unknown ids are 404 USERS-7", async () => {
    for (const res of [
      await api.get("/api/v1/users/000000000000000000000bad"),
      await api.delete("/api/v1/users/nope"),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.errors[0]).toMatchObject({ code: "USERS-7", title: "Not found", status: 404 });
    }
  });

  test("DELETE removes the user and frees the subject", async () => {
    const user = await createUser(1);
    expect((await api.delete(`/api/v1/users/${user.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/users/${user.id}`)).status).toBe(404);
    expect((await api.delete(`/api/v1/users/${user.id}`)).status).toBe(404);
    expect((await api.post("/api/v1/users", newUser(1))).status).toBe(201);
  });

  test("fields limits the returned properties (links only when asked)", async () => {
    const res = await api.get("/api/v1/users?fields=id,subject&limit=2");
    expect(Object.keys(res.body.data[0]).sort()).toEqual(["id", "subject"]);
  });

  test("/users/me redirects (301) to the caller's user; actions/count counts", async () => {
    const me = await api.get("/api/v1/users/me");
    expect(me.status).toBe(301);
    const followed = await call(emu.tenantUrl, "GET", "/api/v1/users/me", {
      token: emu.tenants[0].apiKey,
      redirect: "follow",
    });
    expect(followed.status).toBe(200);
    expect(followed.body.subject).toBe("auth0|emu-admin");
    expect(me.headers.get("location")).toBe(`/api/v1/users/${followed.body.id}`);
    expect((await api.get("/api/v1/users/actions/count")).body).toEqual({ total: 6 });
  });
});

describe("listing", () => {
  test("cursor pagination walks every user once, forwards and backwards", async () => {
    for (let i = 0; i < 45; i++) await createUser(i);
    const all = await collectPages(api, "/api/v1/users?limit=10");
    expect(all).toHaveLength(51);
    expect(new Set(all.map((u) => u.id)).size).toBe(51);

    const first = await api.get("/api/v1/users?limit=10");
    expect(first.body.links.prev).toBeUndefined();
    const secondHref: string = first.body.links.next.href;
    expect(secondHref.startsWith(`${emu.tenantUrl}/api/v1/users?`)).toBe(true);
    const second = await api.get(secondHref.slice(emu.tenantUrl.length));
    const back = await api.get(second.body.links.prev.href.slice(emu.tenantUrl.length));
    expect(back.body.data.map((u: Json) => u.id)).toEqual(first.body.data.map((u: Json) => u.id));
  });

  test("limit must be 1..100; default 20; totalResults counts the matches", async () => {
    for (const limit of ["0", "101", "abc", "-1"]) {
      const res = await api.get(`/api/v1/users?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].source).toEqual({ parameter: "limit" });
    }
    for (let i = 0; i < 20; i++) await createUser(i);
    const res = await api.get("/api/v1/users?totalResults=true");
    expect(res.body.data).toHaveLength(20);
    expect(res.body.totalResults).toBe(26);
    expect(res.body.links.next).toBeDefined();
  });

  test("sort by name both ways; unknown sort fields are 400", async () => {
    const asc = await api.get("/api/v1/users?sort=name&limit=100");
    const names = asc.body.data.map((u: Json) => u.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const desc = await api.get("/api/v1/users?sort=-name&limit=100");
    expect(desc.body.data.map((u: Json) => u.id)).toEqual([...asc.body.data.map((u: Json) => u.id)].reverse());
    expect((await api.get("/api/v1/users?sort=favouriteColour")).status).toBe(400);
  });

  test("a cursor only works with the sort and filter it was made for", async () => {
    const first = await api.get("/api/v1/users?limit=2");
    const next = new URL(first.body.links.next.href).searchParams.get("next");
    expect((await api.get(`/api/v1/users?limit=2&sort=-name&next=${next}`)).status).toBe(400);
    expect((await api.get(`/api/v1/users?next=garbage`)).status).toBe(400);
    expect((await api.get(`/api/v1/users?next=${next}&prev=${next}`)).status).toBe(400);
  });

  test("SCIM filters: eq/co/sw, and/or, parentheses, escapes, case-insensitive values", async () => {
    await createUser("q", { name: 'Quote "Q" Person' });
    const ids = async (filter: string) => {
      const res = await api.get(`/api/v1/users?filter=${encodeURIComponent(filter)}&limit=100`);
      expect(res.status).toBe(200);
      return res.body.data.map((u: Json) => u.subject).sort();
    };
    expect(await ids('subject eq "AUTH0|SEED-ALICE"')).toEqual(["auth0|seed-alice"]);
    expect(await ids('email co "ALICE"')).toEqual(["auth0|seed-alice"]);
    expect(await ids('name sw "bob"')).toEqual(["auth0|seed-bob"]);
    expect(await ids('subject eq "auth0|seed-alice" or subject eq "auth0|seed-bob"')).toEqual([
      "auth0|seed-alice",
      "auth0|seed-bob",
    ]);
    expect(await ids('(name co "seed") and (status eq "active" or status eq "disabled")')).toEqual([
      "auth0|seed-alice",
      "auth0|seed-carol",
    ]);
    expect(await ids('name eq "Quote \\"Q\\" Person"')).toEqual(["auth0|test-q"]);
    expect(await ids('assignedRoles.name eq "developer"')).toEqual(["auth0|seed-alice"]);
    expect(await ids('assignedGroups.id eq "nothing"')).toEqual([]);
    const alice = emu.state().users.find((u) => u.subject === "auth0|seed-alice");
    expect(await ids(`id eq "${alice?.id}"`)).toEqual(["auth0|seed-alice"]);
  });

  test("malformed filters, unsupported attributes/operators and misplaced status conditions are 400", async () => {
    const bad = [
      'subject eq "unterminated',
      "subject eq alice",
      'subject eq "a" and',
      '(subject eq "a"',
      'subject gt "a"',
      'picture eq "x"',
      'name eq "Bob" or name eq "Alice" and (status eq "active" or status eq "disabled")',
      'status eq "active" or name eq "x"',
      "",
    ];
    for (const filter of bad) {
      const res = await api.get(`/api/v1/users?filter=${encodeURIComponent(filter)}`);
      expect({ filter, status: res.status }).toEqual({ filter, status: 400 });
      expect(res.body.errors[0].source).toEqual({ parameter: "filter" });
    }
  });

  test("deprecated query parameters work alone but not with filter", async () => {
    const bySubject = await api.get("/api/v1/users?subject=auth0%7Cseed-bob");
    expect(bySubject.body.data.map((u: Json) => u.subject)).toEqual(["auth0|seed-bob"]);
    expect((await api.get(`/api/v1/users?subject=x&filter=${encodeURIComponent('name eq "x"')}`)).status).toBe(400);
  });

  test("links use linkOrigin when configured (clients must re-base them)", async () => {
    const foreign = await startEmulator({ rateLimits: false, linkOrigin: "https://elsewhere.example" });
    try {
      const res = await client(foreign.tenantUrl, foreign.tenants[0].apiKey).get("/api/v1/users?limit=2");
      expect(res.body.links.next.href).toMatch(/^https:\/\/elsewhere\.example\/api\/v1\/users\?/);
      expect(res.body.data[0].links.self.href).toMatch(/^https:\/\/elsewhere\.example\/api\/v1\/users\//);
    } finally {
      await foreign.stop();
    }
  });
});

describe("PATCH", () => {
  async function alice(): Promise<Json> {
    return (await api.get(`/api/v1/users?filter=${encodeURIComponent('subject eq "auth0|seed-alice"')}`)).body.data[0];
  }

  test("documented paths are replaced and answered with 204", async () => {
    const user = await alice();
    const res = await api.patch(`/api/v1/users/${user.id}`, [
      { op: "replace", path: "/name", value: "Alice Renamed" },
      { op: "replace", path: "/assignedRoles", value: [{ name: "TenantAdmin" }, { name: "Support Analyst" }] },
      { op: "replace", path: "/status", value: "disabled" },
      { op: "replace", path: "/preferredLocale", value: "fr-FR" },
      { op: "replace", path: "/preferredZoneinfo", value: "Europe/Paris" },
    ]);
    expect(res.status).toBe(204);
    const after = (await api.get(`/api/v1/users/${user.id}`)).body;
    expect(after).toMatchObject({
      name: "Alice Renamed",
      status: "disabled",
      preferredLocale: "fr-FR",
      preferredZoneinfo: "Europe/Paris",
    });
    expect(after.assignedRoles.map((r: Json) => [r.name, r.type])).toEqual([
      ["TenantAdmin", "default"],
      ["Support Analyst", "custom"],
    ]);
    expect(after.lastUpdatedAt > user.lastUpdatedAt).toBe(true);
  });

  test("email, subject and picture are not patchable (400, nothing applied)", async () => {
    const user = await alice();
    for (const path of ["/email", "/subject", "/picture"]) {
      const res = await api.patch(`/api/v1/users/${user.id}`, [
        { op: "replace", path: "/name", value: "Changed" },
        { op: "replace", path, value: "x" },
      ]);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].source).toEqual({ pointer: "/1/path" });
    }
    expect((await alice()).name).toBe("Alice Seed");
  });

  test("malformed patches are 400: not an array, unknown op or path, wrong value types", async () => {
    const user = await alice();
    const bodies: unknown[] = [
      { op: "replace", path: "/name", value: "x" },
      [],
      [{ op: "move", path: "/name", value: "x" }],
      [{ op: "replace", path: "/preferredZoneInfo", value: "America/Halifax" }],
      [{ op: "replace", path: "/name", value: 42 }],
      [{ op: "replace", path: "/status", value: "deleted" }],
      [{ op: "replace", path: "/assignedRoles", value: "TenantAdmin" }],
    ];
    for (const body of bodies) expect((await api.patch(`/api/v1/users/${user.id}`, body)).status).toBe(400);
  });

  test("207 when some operations cannot be applied: the others are", async () => {
    const user = await alice();
    const res = await api.patch(`/api/v1/users/${user.id}`, [
      { op: "replace", path: "/name", value: "Partly" },
      { op: "replace", path: "/assignedRoles", value: [{ name: "NoSuchRole" }] },
    ]);
    expect(res.status).toBe(207);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ status: 400, source: { pointer: "/1/value/0" } });
    expect(res.body.traceId).toBeDefined();
    const after = await alice();
    expect(after.name).toBe("Partly");
    expect(after.assignedRoles.map((r: Json) => r.name)).toEqual(["Developer"]);
  });

  test("400 when every operation fails; nothing changes", async () => {
    const user = await alice();
    const res = await api.patch(`/api/v1/users/${user.id}`, [
      { op: "replace", path: "/assignedRoles", value: [{ id: "000000000000000000000000" }] },
      { op: "renew", path: "/inviteExpiry" },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(2);
  });

  test("add / remove-value on roles, custom group assignment, invite renewal", async () => {
    const user = await alice();
    expect(
      (
        await api.patch(`/api/v1/users/${user.id}`, [
          { op: "add", path: "/assignedRoles", value: [{ name: "AuditAdmin" }] },
        ])
      ).status,
    ).toBe(204);
    expect((await alice()).assignedRoles.map((r: Json) => r.name)).toEqual(["Developer", "AuditAdmin"]);
    expect(
      (
        await api.patch(`/api/v1/users/${user.id}`, [
          { op: "remove-value", path: "/assignedRoles", value: [{ name: "Developer" }] },
        ])
      ).status,
    ).toBe(204);
    expect((await alice()).assignedRoles.map((r: Json) => r.name)).toEqual(["AuditAdmin"]);

    const custom = await api.patch(`/api/v1/users/${user.id}`, [
      { op: "replace", path: "/assignedGroups", value: [{ name: "Data Stewards", providerType: "custom" }] },
    ]);
    expect(custom.status).toBe(204);
    expect((await alice()).assignedGroups.map((g: Json) => g.name)).toEqual(["Data Stewards"]);
    const idp = await api.patch(`/api/v1/users/${user.id}`, [
      { op: "replace", path: "/assignedGroups", value: [{ name: "Finance", providerType: "idp" }] },
    ]);
    expect(idp.status).toBe(400);

    const invited = await createUser("inv");
    expect((await api.patch(`/api/v1/users/${invited.id}`, [{ op: "renew", path: "/inviteExpiry" }])).status).toBe(204);
  });

  test("PATCH on an unknown user is 404", async () => {
    expect(
      (await api.patch("/api/v1/users/000000000000000000000bad", [{ op: "replace", path: "/name", value: "x" }]))
        .status,
    ).toBe(404);
  });
});

describe("actions/filter", () => {
  test("POST filter with paging; links keep the filter endpoint", async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createUser(i));
    const filter = created.map((u) => `id eq "${u.id}"`).join(" or ");
    const page = await api.post("/api/v1/users/actions/filter?limit=3", { filter });
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(3);
    const nextPath = page.body.links.next.href.slice(emu.tenantUrl.length);
    expect(nextPath.startsWith("/api/v1/users/actions/filter?")).toBe(true);
    const rest = await api.post(nextPath, { filter });
    expect(rest.body.data.map((u: Json) => u.id)).toEqual(created.slice(3).map((u) => u.id));
    // The cursor is bound to its filter.
    expect((await api.post(nextPath, { filter: 'name co "x"' })).status).toBe(400);
  });

  test("more than 100 ids is 400; it is a Special-tier call", async () => {
    const filter = Array.from({ length: 101 }, (_, i) => `id eq "${i.toString(16).padStart(24, "0")}"`).join(" or ");
    const res = await api.post("/api/v1/users/actions/filter", { filter });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].detail).toMatch(/101 ids/);
    expect(emu.log[emu.log.length - 1]).toMatchObject({ tier: "special", status: 400 });
  });
});
