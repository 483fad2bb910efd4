/**
 * The shape of one resource kind's implementation inside the dynamic-provider host. It mirrors
 * `pulumi.dynamic.ResourceProvider` without importing @pulumi/pulumi, so the provider stays a plain library.
 */
export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult<I> {
  inputs?: I;
  failures?: CheckFailure[];
}

export interface DiffResult {
  changes?: boolean;
  replaces?: string[];
  stables?: string[];
  deleteBeforeReplace?: boolean;
}

export interface CreateResult<O> {
  id: string;
  outs?: O;
}

export interface ReadResult<I, O> {
  id?: string;
  props?: O;
  inputs?: I;
}

export interface UpdateResult<O> {
  outs?: O;
}

export interface ResourceImplementation<I = Record<string, unknown>, O = Record<string, unknown>> {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult<I>>;
  diff(id: string, olds: O, news: I): Promise<DiffResult>;
  create(inputs: I): Promise<CreateResult<O>>;
  read(id: string, props: O): Promise<ReadResult<I, O>>;
  update(id: string, olds: O, news: I): Promise<UpdateResult<O>>;
  delete(id: string, props: O): Promise<void>;
}

// One kind per line, so that kinds added on different branches merge cleanly.
// prettier-ignore
export type ResourceKind =
  | "User"
  | "Group"
  | "GroupSettings"
  | "TenantSettings"
  | "Tenant"
  | "Space"
  | "SpaceAssignment"
  | "iqserver:Organization"
  | "Role"
  | "GroupMembers";

/**
 * Thrown from create/update when the object exists in Qlik but could not be brought to the desired state.
 * The dynamic-provider host reads `id`, `properties` and `reasons` and records the object in state instead of
 * orphaning it; the next `pulumi up` retries the update.
 */
export class ResourceInitError extends Error {
  readonly code = "QLIK_RESOURCE_INIT_FAILED";
  readonly properties: Record<string, unknown>;
  constructor(
    message: string,
    readonly id: string,
    properties: object,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "ResourceInitError";
    // A copy: the provider entry adds the engine's `__provider` to it before the host records it.
    this.properties = { ...properties };
  }
}
