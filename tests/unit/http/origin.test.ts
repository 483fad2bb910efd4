import { isLoopback, normalizeOrigin } from "../../../provider/http/origin";
import { QlikConfigError } from "../../../provider/http/errors";

describe("normalizeOrigin", () => {
  it.each([
    ["https://Tenant.EU.QlikCloud.com", "https://tenant.eu.qlikcloud.com"],
    ["https://tenant.eu.qlikcloud.com/", "https://tenant.eu.qlikcloud.com"],
    ["  https://tenant.eu.qlikcloud.com:443 ", "https://tenant.eu.qlikcloud.com"],
    ["https://tenant.eu.qlikcloud.com:8443", "https://tenant.eu.qlikcloud.com:8443"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://127.4.5.6:1", "http://127.4.5.6:1"],
    ["http://localhost:3000/", "http://localhost:3000"],
    ["http://[::1]:3000", "http://[::1]:3000"],
  ])("%s → %s", (input, origin) => {
    expect(normalizeOrigin(input, "tenantUrl")).toBe(origin);
  });

  function failure(input: string, property = "tenantUrl"): QlikConfigError {
    try {
      normalizeOrigin(input, property);
    } catch (error) {
      expect(error).toBeInstanceOf(QlikConfigError);
      expect((error as QlikConfigError).property).toBe(property);
      expect((error as Error).message).toContain(property);
      return error as QlikConfigError;
    }
    throw new Error(`accepted ${input}`);
  }

  it("rejects http:// to anything but loopback, saying what to use instead", () => {
    expect(failure("http://tenant.eu.qlikcloud.com").message).toContain("use https://tenant.eu.qlikcloud.com");
    failure("http://128.0.0.1");
    failure("http://localhost.evil.com");
    failure("http://10.0.0.1");
  });

  it("rejects paths, queries and fragments, suggesting the bare origin", () => {
    expect(failure("https://tenant.eu.qlikcloud.com/hub/").message).toContain("use https://tenant.eu.qlikcloud.com");
    failure("https://tenant.eu.qlikcloud.com/?x=1");
    failure("https://tenant.eu.qlikcloud.com#top");
  });

  it("rejects credentials in the URL without echoing them", () => {
    const error = failure("https://admin:hunter2secret@tenant.eu.qlikcloud.com", "qlik:consoleUrl");
    expect(error.message).not.toContain("hunter2secret");
    expect(error.message).toMatch(/user name or password/);
  });

  it("rejects missing or odd schemes and junk", () => {
    expect(failure("tenant.eu.qlikcloud.com").message).toContain("https://tenant.eu.qlikcloud.com");
    expect(failure("user:pw1234@tenant.eu.qlikcloud.com").message).not.toContain("pw1234");
    failure("ftp://tenant.eu.qlikcloud.com");
    failure("");
    failure("https://");
  });
});

describe("isLoopback", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.255.254", true],
    ["localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::ffff:a00:1", false],
    ["128.0.0.1", false],
    ["example.com", false],
    ["::2", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
