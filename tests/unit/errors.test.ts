import { expose, wrap } from "comlink";
import { afterEach, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { describeWhere, PipscopeError } from "../../src/core/errors.ts";
import { type DataApi, dataApi } from "../../src/workers/data-api.ts";
import { registerErrorTransfer } from "../../src/workers/error-transfer.ts";

describe("PipscopeError", () => {
  it("describes its location as file:line:column with field and path", () => {
    const error = new PipscopeError("CSV_BAD_NUMBER", "not a number", {
      file: "a.csv",
      line: 12,
      column: 3,
      field: "close",
    });
    expect(error.describe()).toBe("a.csv:12:3 (field close): not a number");
    expect(describeWhere({ line: 4 })).toBe("line 4");
    expect(describeWhere({ path: "$.backtest_config.start_date" })).toBe("(at $.backtest_config.start_date)");
    expect(describeWhere(undefined)).toBe("");
  });

  it("round-trips through JSON with its code, location and stack", () => {
    const error = new PipscopeError("X", "boom", { field: "f" });
    const back = PipscopeError.fromJSON(JSON.parse(JSON.stringify(error)));
    expect(back).toBeInstanceOf(PipscopeError);
    expect(back.toJSON()).toEqual(error.toJSON());
  });
});

describe("comlink error transfer (in-thread, over a MessageChannel)", () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const channel of channels.splice(0)) {
      channel.port1.close();
      channel.port2.close();
    }
  });

  function connect<T extends object>(api: T) {
    const channel = new MessageChannel();
    channels.push(channel);
    expose(api, channel.port1);
    return wrap<T>(channel.port2);
  }

  it("delivers a PipscopeError with its code and location intact", async () => {
    registerErrorTransfer();
    registerErrorTransfer(); // registering twice must not wrap twice
    const api = connect<DataApi>(dataApi);
    const error = await api.fail("SELF_CHECK", "deliberate").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipscopeError);
    expect(error).toMatchObject({ code: "SELF_CHECK", message: "deliberate", where: { field: "fail" } });
  });

  it("leaves other errors to comlink's own handler", async () => {
    registerErrorTransfer();
    const api = connect({
      boom(): void {
        throw new TypeError("plain");
      },
    });
    const error = await api.boom().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PipscopeError);
    expect(error).toMatchObject({ name: "TypeError", message: "plain" });
  });

  it("answers version and ping", async () => {
    const api = connect<DataApi>(dataApi);
    expect(await api.version()).toBe(packageJson.version);
    expect((await api.ping("hi")).payload).toBe("hi");
  });
});
