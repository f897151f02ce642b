import { describe, expect, it } from "vitest";
import { LOOPBACK_ORIGINS, originAllowed } from "../../../relay/origin.ts";

describe("originAllowed", () => {
  it("lets programs (no Origin) and pages on loopback in by default", () => {
    expect(originAllowed(undefined, LOOPBACK_ORIGINS)).toBe(true);
    expect(originAllowed("http://127.0.0.1:4173", LOOPBACK_ORIGINS)).toBe(true);
    expect(originAllowed("http://localhost", LOOPBACK_ORIGINS)).toBe(true);
  });

  it("keeps other sites out, including look-alike hosts", () => {
    expect(originAllowed("https://evil.example", LOOPBACK_ORIGINS)).toBe(false);
    expect(originAllowed("http://localhost.evil.example", LOOPBACK_ORIGINS)).toBe(false);
    expect(originAllowed("http://127.0.0.1:80.evil.example", LOOPBACK_ORIGINS)).toBe(false);
    expect(originAllowed("null", LOOPBACK_ORIGINS)).toBe(false);
  });

  it("matches exact origins and '*'", () => {
    expect(originAllowed("https://app.example", ["https://app.example"])).toBe(true);
    expect(originAllowed("https://app.example:8443", ["https://app.example"])).toBe(false);
    expect(originAllowed("https://anything.example", ["*"])).toBe(true);
  });
});
