/**
 * What each resource class hands to Pulumi's `Resource` constructor: the dynamic type token, the props with the
 * one-line `__provider`, and the source position the engine records, which must be the caller's line (the
 * program's `new qlik.User(...)`), not a frame inside pulumi-qlik. Observed where @pulumi/pulumi's resource.js
 * hands them on (`runtime/resource`'s registerResource and readResource), stubbed so nothing reaches an engine.
 */
import * as url from "node:url";
import * as pulumi from "@pulumi/pulumi";
import * as qlik from "../../../sdk";
import { providerModuleText } from "../../../sdk/shim";
import type { ResourceKind } from "../../../provider/resource";

interface SourcePosition {
  uri: string;
  line: number;
  column: number;
}
interface Registration {
  type: string;
  props: Record<string, unknown>;
  sourcePosition?: SourcePosition;
  stackTrace: Array<SourcePosition | undefined>;
}

// resource.js calls these through the module object at call time, so spying on its exports intercepts them.
const runtimeResource: Record<string, (...args: unknown[]) => void> = require("@pulumi/pulumi/runtime/resource");
let registered: Registration[] = [];

beforeEach(() => {
  registered = [];
  // registerResource(res, parent, t, name, custom, remote, newDependency, props, opts, sourcePosition, stackTrace)
  jest.spyOn(runtimeResource, "registerResource").mockImplementation((...args: unknown[]) => {
    registered.push({
      type: args[2] as string,
      props: args[7] as Record<string, unknown>,
      sourcePosition: args[9] as SourcePosition | undefined,
      stackTrace: args[10] as Array<SourcePosition | undefined>,
    });
  });
  // readResource(res, parent, t, name, props, opts, sourcePosition, stackTrace)
  jest.spyOn(runtimeResource, "readResource").mockImplementation((...args: unknown[]) => {
    registered.push({
      type: args[2] as string,
      props: args[4] as Record<string, unknown>,
      sourcePosition: args[6] as SourcePosition | undefined,
      stackTrace: args[7] as Array<SourcePosition | undefined>,
    });
  });
});

afterEach(() => jest.restoreAllMocks());

const thisFile = url.pathToFileURL(__filename).toString();

const constructors: Record<ResourceKind, () => pulumi.CustomResource> = {
  User: () => new qlik.User("u", { subject: "s" }),
  Group: () => new qlik.Group("g", { name: "n" }),
  GroupSettings: () => new qlik.GroupSettings("gs", { autoCreateGroups: true }),
  TenantSettings: () => new qlik.TenantSettings("ts", { preferredStartPage: "analytics-hub" }),
  Tenant: () => new qlik.Tenant("t", {}),
  Space: () => new qlik.Space("sp", { name: "n", type: "shared" }),
  SpaceAssignment: () =>
    new qlik.SpaceAssignment("sa", { spaceId: "s", assigneeId: "a", type: "user", roles: ["consumer"] }),
  Role: () => new qlik.Role("r", { name: "n" }),
  GroupMembers: () => new qlik.GroupMembers("gm", { groupId: "g", userIds: [] }),
  "iqserver:Organization": () => new qlik.iqserver.Organization("o", { name: "n" }),
};

test.each(Object.keys(constructors) as ResourceKind[])(
  "%s: a dynamic resource registered from the caller's line, with the one-line __provider",
  (kind) => {
    const resource = constructors[kind]();
    expect(resource).toBeInstanceOf(pulumi.CustomResource);
    expect(registered).toHaveLength(1);
    const [registration] = registered;
    const [module, name] = kind.includes(":") ? kind.split(":") : ["qlik", kind];
    expect(registration.type).toBe(`pulumi-nodejs:dynamic/${module}:${name}`);
    expect(registration.props.__provider).toBe(providerModuleText(kind));
    expect(registration.sourcePosition?.uri).toBe(thisFile);
    expect(registration.stackTrace[0]).toEqual(registration.sourcePosition);
    expect(registration.stackTrace.some((frame) => frame?.uri.includes("/sdk/"))).toBe(false);
  },
);

test("declared outputs are seeded as undefined, the args are passed as given, and __provider is refused", () => {
  new qlik.User("u", { subject: "s", email: "e@example.com" });
  const { props } = registered[0];
  expect(props).toMatchObject({ subject: "s", email: "e@example.com", __provider: providerModuleText("User") });
  expect(Object.keys(props)).toEqual(expect.arrayContaining(["userId", "status", "createdAt", "tenantUrl"]));
  expect(props.userId).toBeUndefined();
  // As pulumi.dynamic.Resource refuses it: the provider a resource loads is pulumi-qlik's, never the program's.
  expect(() => new qlik.User("v", { subject: "s", __provider: "elsewhere" } as qlik.UserArgs)).toThrow(/__provider/);
  expect(registered).toHaveLength(1);
});

test("get reads by id (its position is the SDK's get, as in Pulumi's generated SDKs)", () => {
  qlik.User.get("existing", "u1");
  expect(registered).toHaveLength(1);
  expect(registered[0].type).toBe("pulumi-nodejs:dynamic/qlik:User");
  expect(registered[0].props.__provider).toBe(providerModuleText("User"));
  expect(registered[0].stackTrace.some((frame) => frame?.uri === thisFile)).toBe(true);
});
