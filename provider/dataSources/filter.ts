/**
 * The SCIM filter getTenants sends. Qlik requires `subscriptionId eq "…"`; region and status conditions and the
 * caller's own filter are AND-ed onto it, the latter in parentheses so an `or` inside it cannot escape the
 * subscription condition. Values are quoted and escaped by the shared SCIM helpers.
 */
import { scim } from "../http";

export interface TenantsFilterArgs {
  subscriptionId: string;
  regionCode?: string;
  status?: string;
  filter?: string;
}

export function tenantsFilter(args: TenantsFilterArgs): string {
  const conditions = [scim.eq("subscriptionId", args.subscriptionId)];
  if (args.regionCode !== undefined) conditions.push(scim.eq("regionCode", args.regionCode));
  if (args.status !== undefined) conditions.push(scim.eq("status", args.status));
  if (args.filter !== undefined) conditions.push(`(${args.filter.trim()})`);
  return scim.and(...conditions);
}

/**
 * Why a user's filter could not be safely grouped, or undefined: every parenthesis must close inside it and
 * every string literal must end, or the surrounding parentheses would not hold the whole of it.
 */
export function filterProblem(filter: string): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "(") {
      depth++;
    } else if (c === ")") {
      depth--;
      if (depth < 0) return `filter closes a parenthesis it never opened (at character ${i + 1})`;
    }
  }
  if (inString) return 'filter has a string that is not closed: end it with " (write \\" for a quote inside it)';
  if (depth > 0) return "filter opens a parenthesis it never closes";
  return undefined;
}
