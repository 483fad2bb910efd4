/** The contract between the import command, its per-kind importers and the program writer. */
import type { QlikClient } from "../../provider/http/types";
import type { NameRequest } from "./names";
import type { Value } from "./source";

/** Every kind `--only` / `--skip` accept, in the order a program declares them (referenced kinds first). */
export const KIND_NAMES = [
  // Roles first: users, groups and the group settings name their custom roles as `roles.x.name`.
  "roles",
  "users",
  "groups",
  "group-members",
  "group-settings",
  "spaces",
  "space-assignments",
  "tenant-settings",
  "tenant",
] as const;
export type KindName = (typeof KIND_NAMES)[number];

/** Counts one collection as it is read: a bar on a terminal, plain lines otherwise. */
export interface CollectionProgress {
  /** The total, once known (a count call), so a bar can show it. */
  total(count: number): void;
  /** `n` more objects read. */
  advance(n: number): void;
}

/** Progress nobody sees: a listing read for another kind's bar. */
export const QUIET: CollectionProgress = { total: () => {}, advance: () => {} };

/** The resource name the program gives an object of `kind`, if it declares it. */
export type NameOf = (kind: KindName, qlikId: string) => string | undefined;

export interface ImportContext {
  client: QlikClient;
  progress: CollectionProgress;
  /**
   * The resource name of an object of an earlier kind, when the program declares it (so a space assignment can
   * be named after its space and assignee); undefined otherwise. Without it, no object is known by name.
   */
  nameOf?: NameOf;
  /** The kinds this import declares (all of them when not given): what one kind declares may depend on another's. */
  kinds?: readonly KindName[];
}

/** One object to declare. */
export interface Declaration {
  /** The Qlik id (what references to it name). */
  qlikId: string;
  /** How to name it (see names.ts). Singletons give one fixed candidate. */
  name: NameRequest;
  /** Other keys references may find it by besides its id (a custom role: its name, which is how roles are named). */
  aliases?: readonly string[];
  /** The resource's arguments, in the order they are written. */
  args: Record<string, Value>;
  /** Comment lines written above it (data in them already escaped). */
  notes: string[];
}

/** An object found but not declared, and why (said in the summary and in the program). */
export interface Skipped {
  what: string;
  reason: string;
}

export interface KindResult {
  declarations: Declaration[];
  skipped: Skipped[];
}

/** One row of the registry: everything the command needs to import one kind. */
export interface KindImporter {
  kind: KindName;
  /** The SDK class, `qlik.<className>`. */
  className: string;
  /** The program's variable: a map of resources by name, or the one resource of a singleton. */
  variable: string;
  singleton: boolean;
  /** The heading comment of its section, e.g. "Users, adopted by subject". */
  heading: string;
  read(context: ImportContext): Promise<KindResult>;
}
