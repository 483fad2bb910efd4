/**
 * The baseline: what a straightforward client does — one request per operation, sent as soon as the operation
 * runs, no client-side rate limiting, and on a 429 a wait of `Retry-After` before sending it again. No batching:
 * a refresh is one GET per resource.
 */
import type { EmulatorHandle } from "../emulator";
import { sleep } from "./measure";
import { changedField, type Driver } from "./phases";
import type { BenchResource } from "./workload";

async function send(origin: string, apiKey: string, method: string, path: string, body?: unknown): Promise<unknown> {
  for (;;) {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 429) {
      const seconds = Number(response.headers.get("retry-after") ?? "1");
      await sleep(Number.isFinite(seconds) ? seconds * 1000 : 1000);
      continue;
    }
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 200)}`);
    return text === "" ? undefined : JSON.parse(text);
  }
}

const pathOf = (resource: BenchResource) => (resource.kind === "User" ? "/api/v1/users" : "/api/v1/groups");

/** The POST body pulumi-qlik sends for the same declaration. */
function postBody(resource: BenchResource): unknown {
  const {
    tenantUrl: _tenantUrl,
    assignedRoles,
    ...rest
  } = resource.inputs as Record<string, unknown> & {
    assignedRoles: string[];
  };
  const roles = assignedRoles.map((name) => ({ name }));
  return resource.kind === "User"
    ? { ...rest, assignedRoles: roles }
    : { ...rest, status: "active", assignedRoles: roles };
}

export function naiveDriver(emu: EmulatorHandle): Driver<string> {
  const call = (method: string, path: string, body?: unknown) =>
    send(emu.tenantUrl, emu.tenants[0].apiKey, method, path, body);
  return {
    client: "naive",
    async create(resource) {
      return ((await call("POST", pathOf(resource), postBody(resource))) as { id: string }).id;
    },
    async update(resource, id) {
      const { key, value } = changedField(resource);
      await call("PATCH", `${pathOf(resource)}/${id}`, [{ op: "replace", path: `/${key}`, value }]);
      return id;
    },
    async refresh(resource, id) {
      const read = (await call("GET", `${pathOf(resource)}/${id}`)) as Record<string, unknown>;
      const { key, value } = changedField(resource);
      if (read[key] !== value) throw new Error(`read ${id}: ${key} is ${String(read[key])}, expected ${String(value)}`);
      return id;
    },
    async delete(resource, id) {
      await call("DELETE", `${pathOf(resource)}/${id}`);
    },
  };
}
