/** zod error messages shared by the tenant-scoped schemas (Tenant, TenantSettings, their data sources). */

/**
 * Object-level messages: a plain one when the value is not an object, and the misspelt names when it has
 * members the schema does not know. Other issues keep zod's own message.
 */
export function objectError(what: string, example: string, memberNoun = "member") {
  return (issue: { code?: string; keys?: string[] }): string | undefined => {
    if (issue.code === "invalid_type") return `${what} must be an object such as ${example}`;
    if (issue.code === "unrecognized_keys") {
      const names = (issue.keys ?? []).map((key) => `"${key}"`).join(", ");
      return `${what} has no ${memberNoun} named ${names}`;
    }
    return undefined;
  };
}
