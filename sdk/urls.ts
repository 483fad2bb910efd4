/**
 * The tenant URL for one of a tenant's hostnames (as listed by `getTenants`): `https://` for real tenants,
 * `http://` for loopback hosts such as the local emulator.
 */
export function tenantUrlFromHostname(hostname: string): string {
  const host = hostname.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  const bare = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  const loopback = bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
  return `${loopback ? "http" : "https"}://${host}`;
}
