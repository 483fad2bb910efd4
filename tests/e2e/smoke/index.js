"use strict";
// Engine smoke program: one dynamic resource whose provider is defined inline, plus stack outputs.
// @pulumi/pulumi resolves from the repository's node_modules (Node walks up from this folder), the same
// copy that the dynamic provider plugin (pulumi-resource-pulumi-nodejs) loads.
const pulumi = require("@pulumi/pulumi");

/** @type {pulumi.dynamic.ResourceProvider} */
const provider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async create(inputs) {
    // Node built-ins are serialized as require() calls, so this runs inside the provider host.
    const id = require("crypto").randomBytes(8).toString("hex");
    // Which @pulumi/pulumi the provider host runs (it resolves from the program directory).
    const hostSdk = require.resolve("@pulumi/pulumi");
    return { id, outs: { label: inputs.label, token: `tok-${id}`, hostSdk } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.label !== news.label };
  },
  async update(_id, olds, news) {
    return { outs: { label: news.label, token: olds.token, hostSdk: olds.hostSdk } };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class SmokeThing extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(provider, name, { label: args.label, token: undefined, hostSdk: undefined }, opts);
  }
}

const config = new pulumi.Config();
const thing = new SmokeThing("thing", { label: config.get("label") || "smoke" });

exports.thingId = thing.id;
exports.label = thing.label;
exports.token = thing.token;
// A secret config value only ever leaves the program as a secret output (its length).
exports.secretLength = config.requireSecret("secretValue").apply((s) => s.length);
exports.programSdk = require.resolve("@pulumi/pulumi");
exports.hostSdk = thing.hostSdk;
