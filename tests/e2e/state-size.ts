/**
 * Sizes in a stack's real checkpoint: the file the file backend rewrites after every step
 * (`<state dir>/.pulumi/stacks/<project>/<stack>.json`), as the CLI wrote it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiWorkspace } from "./harness";

export interface ResourceSize {
  type: string;
  name: string;
  /** Bytes of the resource's record as the checkpoint file stores it (its own indentation included). */
  bytes: number;
  /** Bytes of what the provider writes: the record's `inputs` and `outputs` (the rest is the engine's). */
  written: number;
  /** The serialized provider in the record's inputs. */
  provider: string;
  /** Length of the serialized provider in the record's outputs. */
  providerOutputs: number;
}

/** The checkpoint file of the workspace's stack (the only stack in it). */
export function checkpointFile(ws: PulumiWorkspace): string {
  const stacks = path.join(ws.stateDir, ".pulumi", "stacks");
  for (const project of fs.readdirSync(stacks)) {
    const file = path.join(stacks, project, `${ws.stackName}.json`);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`no checkpoint for stack ${ws.stackName} under ${stacks}`);
}

/** A resource's record in the checkpoint (the fields these tests read). */
export type ResourceRecord = Record<string, unknown> & {
  urn: string;
  type: string;
  sourcePosition?: string;
  stackTrace?: Array<{ sourcePosition?: string }>;
};

function readCheckpoint(ws: PulumiWorkspace): { text: string; resources: ResourceRecord[] } {
  const text = fs.readFileSync(checkpointFile(ws), "utf8");
  const checkpoint = JSON.parse(text) as { checkpoint: { latest: { resources?: ResourceRecord[] } } };
  return { text, resources: checkpoint.checkpoint.latest.resources ?? [] };
}

/** Every resource record in the checkpoint. */
export function resourceRecords(ws: PulumiWorkspace): ResourceRecord[] {
  return readCheckpoint(ws).resources;
}

/** Every pulumi-qlik resource in the checkpoint with its size. */
export function resourceSizes(ws: PulumiWorkspace): ResourceSize[] {
  const { text, resources } = readCheckpoint(ws);
  // The file is indented; measure each record re-indented the same way, at its depth in the file.
  const indent = /\n( +)"/.exec(text)?.[1].length ?? 0;
  return resources
    .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/"))
    .map((resource) => {
      const provider = (record: unknown) => String((record as Record<string, unknown> | undefined)?.__provider ?? "");
      const record = JSON.stringify(resource, null, indent).replace(/\n/g, `\n${" ".repeat(indent * 4)}`);
      return {
        type: resource.type,
        name: resource.urn.split("::").pop() as string,
        bytes: Buffer.byteLength(record),
        written: Buffer.byteLength(JSON.stringify(resource.inputs ?? {}) + JSON.stringify(resource.outputs ?? {})),
        provider: provider(resource.inputs),
        providerOutputs: provider(resource.outputs).length,
      };
    });
}
