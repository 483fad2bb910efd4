import { inspect } from "node:util";
import {
  parseErrorBody,
  QlikApiError,
  QlikError,
  QlikRequestError,
  QlikResponseError,
  redact,
  sanitizeCause,
} from "../../../provider/http/errors";

describe("QlikApiError", () => {
  it("formats a message a person can act on", () => {
    const { errors, traceId } = parseErrorBody(
      {
        errors: [
          { code: "USERS-9", title: "Conflict", detail: "A user with this subject already exists", status: 409 },
        ],
        traceId: "abc123",
      },
      "",
    );
    const error = new QlikApiError({ method: "POST", path: "/api/v1/users", status: 409, errors, traceId });
    expect(error.message).toBe(
      "POST /api/v1/users → 409 Conflict (USERS-9): Conflict: A user with this subject already exists [traceId abc123]",
    );
    expect(error).toBeInstanceOf(QlikError);
    expect(error).toMatchObject({
      code: "QLIK_API_ERROR",
      name: "QlikApiError",
      method: "POST",
      path: "/api/v1/users",
      status: 409,
      qlikCode: "USERS-9",
      title: "Conflict",
      detail: "A user with this subject already exists",
      traceId: "abc123",
    });
    expect(error.errors).toHaveLength(1);
  });

  it("names the source of a 400 and lists every error", () => {
    const { errors } = parseErrorBody(
      {
        errors: [
          { code: "USERS-3", title: "Invalid value", source: { pointer: "/email" } },
          { code: "USERS-3", title: "Invalid value", source: { parameter: "limit" } },
        ],
      },
      "",
    );
    const error = new QlikApiError({ method: "POST", path: "/api/v1/users", status: 400, errors });
    expect(error.message).toBe(
      "POST /api/v1/users → 400 Bad Request (USERS-3): Invalid value at /email; also: (USERS-3) Invalid value at limit",
    );
  });

  it("lists each failed operation of a 207", () => {
    const { errors } = parseErrorBody(
      {
        errors: [
          { code: "USERS-13", title: "Role not found", detail: "Bogus", source: { pointer: "/assignedRoles" } },
          { code: "USERS-14", title: "Invalid status", source: { pointer: "/status" } },
        ],
      },
      "",
    );
    const error = new QlikApiError({ method: "PATCH", path: "/api/v1/users/u1", status: 207, errors });
    expect(error.message).toBe(
      "PATCH /api/v1/users/u1 → 207 Multi-Status: partial success, 2 operations failed: " +
        "(USERS-13) Role not found: Bogus at /assignedRoles; (USERS-14) Invalid status at /status",
    );
  });

  it("reads numeric codes, string statuses, OAuth errors and plain text", () => {
    expect(parseErrorBody({ errors: [{ code: 404, title: "Not found", status: "404" }] }, "").errors).toEqual([
      { code: "404", title: "Not found", status: 404 },
    ]);
    expect(parseErrorBody({ error: "invalid_client", error_description: "bad secret" }, "").errors).toEqual([
      { title: "invalid_client", detail: "bad secret" },
    ]);
    expect(parseErrorBody(undefined, "<html>Bad gateway</html>").errors).toEqual([
      { detail: "<html>Bad gateway</html>" },
    ]);
    expect(parseErrorBody(undefined, "").errors).toEqual([]);
    const bare = new QlikApiError({ method: "GET", path: "/x", status: 502 });
    expect(bare.message).toBe("GET /x → 502 Bad Gateway");
  });
});

describe("other errors", () => {
  it("QlikRequestError says what failed and how often", () => {
    const error = new QlikRequestError({
      method: "GET",
      path: "/api/v1/users",
      reason: "network",
      attempts: 4,
      cause: sanitizeCause(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }), []),
    });
    expect(error.message).toBe("GET /api/v1/users failed (other side closed) after 4 attempts.");
    expect(error).toMatchObject({ code: "QLIK_REQUEST_FAILED", attempts: 4, outcomeUnknown: false });
    expect((error.cause as { code: string }).code).toBe("UND_ERR_SOCKET");
  });

  it("QlikResponseError names the endpoint and the field", () => {
    const error = new QlikResponseError("GET", "/api/v1/users/u1", 200, [
      { path: "assignedRoles[0].name", message: "Invalid input: expected string, received number" },
    ]);
    expect(error.message).toContain("GET /api/v1/users/u1 → 200 OK: unexpected response shape: assignedRoles[0].name:");
    expect(error.code).toBe("QLIK_RESPONSE_INVALID");
  });
});

describe("redaction", () => {
  const secret = "sk_live_0123456789abcdef";

  it("scrubs secrets and bearer tokens from text", () => {
    expect(redact(`key ${secret} twice ${secret}`, [secret])).toBe("key [REDACTED] twice [REDACTED]");
    expect(redact("Authorization: Bearer eyJhbGciOi.JIUzI1.NiJ9", [])).toBe("Authorization: Bearer [REDACTED]");
  });

  it("sanitized causes carry only name, code and a scrubbed message", () => {
    const raw = Object.assign(new Error(`failed with ${secret}`), {
      code: "ECONNRESET",
      options: { headers: { authorization: `Bearer ${secret}` } },
    });
    const clean = sanitizeCause(raw, [secret]);
    const text = JSON.stringify(clean) + inspect(clean, { depth: 10, showHidden: true }) + clean.stack;
    expect(text).not.toContain(secret);
    expect(clean.message).toBe("failed with [REDACTED]");
    expect(Object.keys(clean).sort()).toEqual(["code", "name"]);
  });
});
