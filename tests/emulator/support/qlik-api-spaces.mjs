/**
 * Drives the emulator's spaces endpoints with Qlik's own generated client (`@qlik/api`, an ES module, hence a
 * child process of the jest test). argv: tenant URL, API key, a user id, a group id. Prints one JSON object:
 * each step's status and body (errors as `@qlik/api` throws them: `{ status, data }`).
 */
import { setDefaultHostConfig } from "@qlik/api/auth";
import * as spaces from "@qlik/api/spaces";

const [host, apiKey, userId, groupId] = process.argv.slice(2);
setDefaultHostConfig({ host, authType: "apikey", apiKey });

const steps = {};
async function step(name, call) {
  try {
    const response = await call();
    steps[name] = { status: response.status, data: response.data };
    return response;
  } catch (error) {
    steps[name] = { status: error.status, data: error.data };
    return undefined;
  }
}

const managed = await step("createManaged", () => spaces.createSpace({ name: "Sales", type: "managed" }));
await step("createShared", () => spaces.createSpace({ name: "Sales", type: "shared", description: "team" }));
await step("createDuplicate", () => spaces.createSpace({ name: "sales", type: "managed" }));
for (let index = 0; index < 3; index++) {
  await step(`createMore${index}`, () => spaces.createSpace({ name: `Region ${index}`, type: "shared" }));
}
const id = managed.data.id;
await step("types", () => spaces.getSpaceTypes());
await step("get", () => spaces.getSpace(id));
await step("getMissing", () => spaces.getSpace("0123456789abcdef01234567"));
await step("patch", () =>
  spaces.patchSpace(id, [
    { op: "replace", path: "/description", value: "Published sales apps" },
    { op: "replace", path: "/ownerId", value: userId },
  ]),
);
await step("put", () => spaces.updateSpace(id, { name: "Sales Reports" }));
await step("filterByType", () => spaces.getSpaces({ type: "managed" }));
await step("searchByName", () => spaces.getSpaces({ name: "REGION" }));

// Every page, through the client's own `next`.
const pages = [];
let page = await spaces.getSpaces({ limit: 2, sort: "+name" });
for (;;) {
  pages.push(page.data.data.map((space) => space.name));
  if (!page.next) break;
  page = await page.next();
}
steps.pages = pages;

const assignment = await step("assign", () =>
  spaces.createSpaceAssignment(id, { assigneeId: groupId, type: "group", roles: ["consumer"] }),
);
await step("assignAgain", () =>
  spaces.createSpaceAssignment(id, { assigneeId: groupId, type: "group", roles: ["publisher"] }),
);
await step("assignBadRole", () =>
  spaces.createSpaceAssignment(id, { assigneeId: userId, type: "user", roles: ["producer"] }),
);
await step("assignUser", () =>
  spaces.createSpaceAssignment(id, { assigneeId: userId, type: "user", roles: ["basicconsumer"] }),
);
await step("listAssignments", () => spaces.getSpaceAssignments(id, { type: "group" }));
await step("getAssignment", () => spaces.getSpaceAssignment(id, assignment.data.id));
await step("updateAssignment", () =>
  spaces.updateSpaceAssignment(id, assignment.data.id, { roles: ["consumer", "publisher"] }),
);
await step("deleteAssignment", () => spaces.deleteSpaceAssignment(id, assignment.data.id));
await step("getDeletedAssignment", () => spaces.getSpaceAssignment(id, assignment.data.id));
await step("delete", () => spaces.deleteSpace(id));
await step("deleteAgain", () => spaces.deleteSpace(id));

process.stdout.write(JSON.stringify(steps));
