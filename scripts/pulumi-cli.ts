import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Where `npm run pulumi:install` puts the Pulumi CLI of the primary runtime combination
 * (scripts/matrix.json): .pulumi-cli/<cli version>/bin in the checkout. $PULUMI_BIN_DIR overrides it
 * (the oldest combination sets it to its own CLI).
 */
export function pulumiBinDir(repoRoot: string): string {
  if (process.env.PULUMI_BIN_DIR) return process.env.PULUMI_BIN_DIR;
  const matrixFile = path.join(repoRoot, "scripts", "matrix.json");
  const matrix = JSON.parse(fs.readFileSync(matrixFile, "utf8")) as { primary: { cli: string } };
  return path.join(repoRoot, ".pulumi-cli", matrix.primary.cli, "bin");
}
