#!/usr/bin/env node
/**
 * The `pulumi-qlik-emulator` command. The emulator's router (find-my-way, with its own dependencies) is an
 * optional peer dependency of pulumi-qlik, so programs that never run the emulator do not install it: say how to
 * get it instead of failing with a bare "Cannot find module".
 */
function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

if (!installed("find-my-way")) {
  process.stderr.write(
    "pulumi-qlik-emulator needs find-my-way, which pulumi-qlik does not install for programs that never run the " +
      "emulator. Install it next to pulumi-qlik:\n  npm install --save-dev find-my-way@^9\n",
  );
  process.exit(1);
}
(require("./cli") as typeof import("./cli")).runCli();
