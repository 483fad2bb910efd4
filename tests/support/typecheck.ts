/**
 * Type-checks generated programs in-process with the TypeScript compiler API, against pulumi-qlik's SDK
 * sources (`pulumi-qlik` is mapped to sdk/index.ts, so no build is needed). Many programs go into one
 * compilation, and the previous compilation is reused, so a property test pays the SDK's cost once.
 */
import * as path from "node:path";
import ts from "typescript";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const VIRTUAL_DIR = path.join(REPO_ROOT, "tests", ".virtual-programs");

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
  baseUrl: REPO_ROOT,
  paths: { "pulumi-qlik": ["sdk/index.ts"] },
};

let previous: ts.Program | undefined;

/** Diagnostics of each program (by the name given), as readable lines; an empty list means it type-checks. */
export function typeCheckPrograms(programs: Record<string, string>): Record<string, string[]> {
  const files = new Map(Object.entries(programs).map(([name, text]) => [path.join(VIRTUAL_DIR, `${name}.ts`), text]));
  const host = ts.createCompilerHost(OPTIONS, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, language, onError, shouldCreate) => {
    const text = files.get(path.resolve(fileName));
    if (text !== undefined) return ts.createSourceFile(fileName, text, language, true);
    return getSourceFile.call(host, fileName, language, onError, shouldCreate);
  };
  host.fileExists = (fileName) => files.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) => files.get(path.resolve(fileName)) ?? readFile.call(host, fileName);
  const program = ts.createProgram([...files.keys()], OPTIONS, host, previous);
  previous = program;
  const result: Record<string, string[]> = {};
  for (const [fileName] of files) {
    const source = program.getSourceFile(fileName);
    const diagnostics = source
      ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      : [];
    result[path.basename(fileName, ".ts")] = diagnostics.map((diagnostic) => {
      const where =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
          : undefined;
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      return where ? `${where.line + 1}:${where.character + 1} ${message}` : message;
    });
  }
  return result;
}

export interface Constructed {
  className: string;
  name: string;
  args: Record<string, unknown>;
}

/**
 * Runs a generated program (transpiled, as ts-node would) against a stand-in for `pulumi-qlik` whose classes
 * record what they were constructed with, and whose `id` is `<className>:<name>` so references can be checked.
 */
export function evaluateProgram(source: string): Constructed[] {
  const constructed: Constructed[] = [];
  const qlik = new Proxy(
    {},
    {
      get: (_target, className: string) =>
        class {
          readonly id: string;
          /** A Role's `name` output (what role lists refer to): its name input, as the resource reports it. */
          readonly name: unknown;
          constructor(name: string, args: Record<string, unknown>) {
            constructed.push({ className, name, args });
            this.id = `${className}:${name}`;
            this.name = args.name;
          }
        },
    },
  );
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  });
  const requireStub = (id: string) => {
    if (id !== "pulumi-qlik") throw new Error(`the program requires ${id}`);
    return qlik;
  };
  new Function("require", "exports", "module", js.outputText)(requireStub, {}, { exports: {} });
  return constructed;
}
