/**
 * pulumi-qlik's provider called in the benchmark's own process, without Pulumi's host and gRPC: the same
 * implementation, shared client, scheduler and batched reads. Set beside the host run it separates what the host
 * and the engine's protocol cost from what the provider's own rate limiting costs.
 */
import type { EmulatorHandle } from "../emulator";
import { configure, resourceImplementation } from "../provider";
import type { ResourceImplementation } from "../provider/resource";
import { resetSharedClients } from "../provider/http";
import { changedField, type Driver } from "./phases";
import type { BenchResource } from "./workload";

type Props = Record<string, unknown>;

interface Live {
  id: string;
  inputs: Props;
  outputs: Props;
}

/** Fresh shared clients and stack-like settings, with the emulator's time-scaled rate window. */
export function inProcessDriver(emu: EmulatorHandle, windowMs: number): Driver<Live> {
  const apiKey = emu.tenants[0].apiKey;
  resetSharedClients();
  const settings: Record<string, string> = {
    "qlik:tenantUrl": emu.tenantUrl,
    "qlik:apiKey": apiKey,
    "qlik:rateWindowSeconds": String(windowMs / 1000),
  };
  configure({ config: { get: (key) => settings[key] } });
  const implementation = (resource: BenchResource) =>
    resourceImplementation(resource.kind) as unknown as ResourceImplementation<Props, Props>;
  return {
    client: "pulumi-qlik in-process",
    async create(resource) {
      const impl = implementation(resource);
      const checked = await impl.check({}, { ...resource.inputs });
      if (checked.failures) throw new Error(JSON.stringify(checked.failures));
      const created = await impl.create(checked.inputs!);
      return { id: created.id, inputs: checked.inputs!, outputs: created.outs! };
    },
    async update(resource, before) {
      const impl = implementation(resource);
      const checked = await impl.check(before.inputs, { ...resource.changed });
      const diff = await impl.diff(before.id, before.outputs, checked.inputs!);
      if (!diff.changes || diff.replaces?.length) throw new Error(`unexpected diff ${JSON.stringify(diff)}`);
      const updated = await impl.update(before.id, before.outputs, checked.inputs!);
      return { id: before.id, inputs: checked.inputs!, outputs: updated.outs! };
    },
    async refresh(resource, { id, inputs, outputs }) {
      const read = await implementation(resource).read(id, outputs);
      if (read.id !== id || !read.props) throw new Error(`read ${id} returned "${read.id}"`);
      const { key, value } = changedField(resource);
      if (read.props[key] !== value) throw new Error(`read ${id}: ${key} is ${String(read.props[key])}`);
      return { id, inputs: read.inputs ?? inputs, outputs: read.props };
    },
    async delete(resource, { id, outputs }) {
      await implementation(resource).delete(id, outputs);
    },
  };
}
