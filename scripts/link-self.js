#!/usr/bin/env node
/**
 * Makes `require("pulumi-qlik")` resolve to this checkout from the repository root and from every example
 * program, the way it resolves from a user's project after `npm install pulumi-qlik`. Pulumi's dynamic-provider
 * host loads the serialized provider shim with the program directory as its base, so the package must be
 * reachable by name from there. Symlinks (not copies) keep one copy of @pulumi/pulumi in play.
 */
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function link(fromDir) {
  const modules = path.join(fromDir, "node_modules");
  const target = path.join(modules, "pulumi-qlik");
  fs.mkdirSync(modules, { recursive: true });
  const relative = path.relative(modules, root) || ".";
  try {
    if (fs.readlinkSync(target) === relative) return;
    fs.unlinkSync(target);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  fs.symlinkSync(relative, target, "dir");
}

link(root);
const examples = path.join(root, "examples");
for (const entry of fs.existsSync(examples) ? fs.readdirSync(examples, { withFileTypes: true }) : []) {
  if (entry.isDirectory() && fs.existsSync(path.join(examples, entry.name, "Pulumi.yaml"))) {
    link(path.join(examples, entry.name));
  }
}
