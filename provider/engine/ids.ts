/**
 * Ids are checked before they go into a URL path. `encodeURIComponent` leaves `.` and `..` as they are, and a
 * client resolves them as path segments: `DELETE /api/v1/users/..` would become `DELETE /api/v1/`, whose 404 reads
 * as "already deleted" while the user stays. Qlik's ids are ObjectIds (users, groups) or 32 characters of
 * [A-Za-z0-9_-] (tenants): anything else is refused with a message, never sent.
 */
const QLIK_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The reason `id` cannot be the id of a `kind` object, or undefined when it can. */
export function idProblem(kind: string, id: unknown): string | undefined {
  if (typeof id === "string" && QLIK_ID.test(id)) return undefined;
  return (
    `${JSON.stringify(id)} is not a valid ${kind} id (Qlik ids are letters, digits, "_" and "-"), so no request ` +
    "was sent for it. If the stack recorded it, remove that resource from the state with `pulumi state delete " +
    "<urn>` and import or adopt the object again; if it was passed to `get`, pass the object's id."
  );
}

/**
 * Throws unless `id` is a Qlik id, or for a kind whose objects live under another (a space's assignments: id
 * `<spaceId>/<assignmentId>`), `segments` Qlik ids joined by "/".
 */
export function assertValidId(kind: string, id: unknown, segments = 1): string {
  const parts = segments > 1 && typeof id === "string" ? id.split("/") : [id];
  if (parts.length === segments && parts.every((part) => idProblem(kind, part) === undefined)) return id as string;
  if (segments === 1) throw new Error(idProblem(kind, id));
  throw new Error(
    `${JSON.stringify(id)} is not a valid ${kind} id: it must be ${segments} Qlik ids (letters, digits, "_" and "-") ` +
      'joined by "/", so no request was sent for it. If the stack recorded it, remove that resource from the state ' +
      "with `pulumi state delete <urn>` and adopt the object again; if it was passed to `get`, pass the object's id.",
  );
}
