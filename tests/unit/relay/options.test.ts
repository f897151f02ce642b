import { describe, expect, it } from "vitest";
import { parseRelayOptions, parseSource } from "../../../relay/options.ts";

function failure(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string; where?: { field?: string } };
  }
  throw new Error("did not throw");
}

describe("relay options", () => {
  it("default to 127.0.0.1:8765, the synthetic source, 10 clients, a 15 s heartbeat", () => {
    const options = parseRelayOptions([]);
    expect(options).toMatchObject({
      host: "127.0.0.1",
      port: 8765,
      source: { kind: "synthetic" },
      symbols: [],
      speed: 1,
      token: undefined,
      maxClients: 10,
      heartbeatMs: 15000,
      dataDir: ".pipscope",
    });
  });

  it("take flags in both spellings over environment variables", () => {
    const options = parseRelayOptions(["--port=9001", "--symbols", "EURUSD, GBPUSD", "--token", "t"], {
      PIPSCOPE_RELAY_PORT: "9000",
      PIPSCOPE_RELAY_SPEED: "60",
      PIPSCOPE_RELAY_ALLOW_ORIGIN: "https://app.example,*",
    });
    expect(options).toMatchObject({
      port: 9001,
      symbols: ["EURUSD", "GBPUSD"],
      speed: 60,
      token: "t",
      allowOrigins: ["https://app.example", "*"],
    });
  });

  it("read every source form", () => {
    expect(parseSource("replay:data/ticks.csv")).toEqual({ kind: "replay", file: "data/ticks.csv" });
    expect(parseSource("replay:ticks.parquet")).toEqual({ kind: "replay", file: "ticks.parquet" });
    expect(parseSource("replay:cache")).toEqual({ kind: "replay-cache" });
    expect(parseSource("mt5-ws:ws://127.0.0.1:8000/ws")).toEqual({ kind: "mt5-ws", url: "ws://127.0.0.1:8000/ws" });
    expect(parseSource("mt5-socket:8766")).toEqual({ kind: "mt5-socket", port: 8766 });
  });

  it("name the flag of each bad value", () => {
    expect(failure(() => parseRelayOptions(["--source", "mt5-ws:http://x"]))).toMatchObject({
      code: "RELAY_BAD_OPTION",
      where: { field: "--source" },
    });
    expect(failure(() => parseRelayOptions(["--port", "70000"]))).toMatchObject({ where: { field: "--port" } });
    expect(failure(() => parseRelayOptions([], { PIPSCOPE_RELAY_MAX_CLIENTS: "0" })).message).toContain(
      "from PIPSCOPE_RELAY_MAX_CLIENTS",
    );
    expect(failure(() => parseRelayOptions(["--speed", "-2"]))).toMatchObject({ where: { field: "--speed" } });
    expect(failure(() => parseRelayOptions(["--symbols", "EUR USD"]))).toMatchObject({ where: { field: "--symbols" } });
  });

  it("take an upstream token for the EA's port only, in characters the EA can send unescaped", () => {
    expect(parseRelayOptions(["--source", "mt5-socket:8766", "--upstream-token", "s3cr#t~"]).upstreamToken).toBe(
      "s3cr#t~",
    );
    expect(
      parseRelayOptions(["--source", "mt5-socket:8766"], { PIPSCOPE_RELAY_UPSTREAM_TOKEN: "env" }).upstreamToken,
    ).toBe("env");
    expect(parseRelayOptions(["--source", "mt5-socket:8766"]).upstreamToken).toBeUndefined();
    expect(failure(() => parseRelayOptions(["--source", "mt5-socket:8766", "--upstream-token", 'a"b']))).toMatchObject({
      code: "RELAY_BAD_OPTION",
      where: { field: "--upstream-token" },
    });
    expect(failure(() => parseRelayOptions(["--upstream-token", "s3cret"]))).toMatchObject({
      message: "--upstream-token guards the EA's port: use it with --source mt5-socket:<port>",
      where: { field: "--upstream-token" },
    });
  });

  it("refuse unknown flags, stray arguments and a flag without its value", () => {
    expect(failure(() => parseRelayOptions(["--prot", "1"])).message).toContain("unknown flag --prot");
    expect(failure(() => parseRelayOptions(["8765"])).message).toContain("unexpected argument '8765'");
    expect(failure(() => parseRelayOptions(["--port"])).message).toBe("--port needs a value");
  });
});
