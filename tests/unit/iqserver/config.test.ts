/** The IQ Server connection: config over environment, credentials as a pair, URL policy, messages. */
import {
  iqServerConnection,
  iqServerSettingsFromConfig,
  iqServerSettingsFromEnv,
  mergeIqServerSettings,
} from "../../../provider/iqserver/config";
import { IqServerApiError, parseIqServerBody } from "../../../provider/iqserver/errors";

const config = (values: Record<string, string>) => iqServerSettingsFromConfig((key) => values[key]);

test("stack config wins; the user name and password come from one source as a pair", () => {
  const env = iqServerSettingsFromEnv({
    IQSERVER_URL: "https://iq.env.example.com",
    IQSERVER_USERNAME: "env-user",
    IQSERVER_PASSWORD: "env-pass",
  });
  expect(mergeIqServerSettings(config({ "iqserver:url": "https://iq.example.com" }), env)).toEqual({
    url: "https://iq.example.com",
    username: "env-user",
    password: "env-pass",
  });
  // A config user without a config password is not completed from the environment.
  const merged = mergeIqServerSettings(config({ "iqserver:username": "ci" }), env);
  expect(merged).toEqual({ url: "https://iq.env.example.com", username: "ci", password: undefined });
  expect(() => iqServerConnection(merged)).toThrow(
    /No IQ Server password: set iqserver:username and `pulumi config set --secret iqserver:password/,
  );
});

test("a connection needs https (http only for loopback) and no credentials in the URL", () => {
  const credentials = { username: "admin", password: "s3cret-pass" };
  expect(iqServerConnection({ url: "https://IQ.example.com/", ...credentials }).origin).toBe("https://iq.example.com");
  expect(iqServerConnection({ url: "http://127.0.0.1:8070", ...credentials }).origin).toBe("http://127.0.0.1:8070");
  expect(() => iqServerConnection({ url: "http://iq.example.com", ...credentials })).toThrow(
    /iqserver:url "http:\/\/iq.example.com" uses http:\/\/.*use https:\/\/iq.example.com/,
  );
  const withPassword = () => iqServerConnection({ url: "https://admin:hunter22@iq.example.com", ...credentials });
  expect(withPassword).toThrow(/must not contain a user name or password.*iqserver:username and iqserver:password/);
  expect(withPassword).not.toThrow(/hunter22/);
  expect(() => iqServerConnection({ ...credentials })).toThrow(/iqserver:url.*IQSERVER_URL/);
  expect(() => iqServerConnection({ url: "iq.example.com", ...credentials })).toThrow(
    /no scheme: write it as https:\/\/iq.example.com/,
  );
});

test("IQ Server below a reverse proxy's path: the path is kept (no trailing slash); a query or fragment is refused", () => {
  const credentials = { username: "admin", password: "s3cret-pass" };
  expect(iqServerConnection({ url: "https://Proxy.example.com/iq/", ...credentials })).toMatchObject({
    origin: "https://proxy.example.com",
    basePath: "/iq",
  });
  expect(iqServerConnection({ url: "https://iq.example.com", ...credentials }).basePath).toBe("");
  expect(iqServerConnection({ url: "https://iq.example.com/", ...credentials }).basePath).toBe("");
  expect(iqServerConnection({ url: "https://proxy.example.com/tools/iq", ...credentials }).basePath).toBe("/tools/iq");
  expect(() => iqServerConnection({ url: "https://proxy.example.com/iq?x=1", ...credentials })).toThrow(
    /iqserver:url "https:\/\/proxy.example.com\/iq\?x=1" must be a URL without query or fragment: use https:\/\/proxy.example.com\/iq\./,
  );
});

test("IQ Server's error bodies: the move 409's errors[] with their types, or plain text", () => {
  const body = JSON.stringify({
    errors: [
      { message: "New parent org A is already set and in use as the parent of org B", type: "PARENT_HIERARCHY" },
    ],
    warnings: [{ message: "Some waivers no longer apply.", type: "POLICY_WAIVER" }],
  });
  const parsed = parseIqServerBody(body, []);
  expect(parsed.warnings).toEqual([{ type: "POLICY_WAIVER", message: "Some waivers no longer apply." }]);
  const error = new IqServerApiError({
    method: "PUT",
    path: "/api/v2/organizations/x/move/destination/y",
    status: 409,
    ...parsed,
  });
  expect(error.message).toBe(
    "PUT /api/v2/organizations/x/move/destination/y → 409 Conflict (PARENT_HIERARCHY): New parent org A is already set and in use as the parent of org B",
  );
  expect(parseIqServerBody("Organization name is already used. password=hunter22", ["hunter22"]).errors).toEqual([
    { message: "Organization name is already used. password=[REDACTED]" },
  ]);
});
