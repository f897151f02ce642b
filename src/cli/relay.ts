import type { Command } from "./command.ts";

/** `pipscope relay`: the live-tick relay of relay/, the same process as `npm run relay`. */
export const relayCommand: Command = {
  name: "relay",
  summary: "Relay live MT5 ticks (or a replay) to the browser over WebSocket",
  usage:
    "relay [--source synthetic|replay:<file>|replay:cache|mt5-ws:<url>|mt5-socket:<port>] [--host 127.0.0.1] [--port 8765] [--symbols A,B] [--speed 1] [--token <secret>] [--upstream-token <secret>] [--allow-origin <origins>] [--max-clients 10]",
  details: [
    "Serves ws://127.0.0.1:8765 (and GET /health, /metrics) until Ctrl-C; logs are JSON lines on stdout.",
    "Every flag can also be set as an environment variable: PIPSCOPE_RELAY_PORT, PIPSCOPE_RELAY_SOURCE, …",
    "Sources:",
    "  synthetic               the built-in synthetic ticks, replayed at the time of day it is now (default)",
    "  replay:<file>           a tick file, looping: an MT5 Ticks export or a Parquet file of ticks",
    "                          (with --symbols <its symbol>), or a CSV of time,symbol,bid,ask[,last,volume,flags]",
    "  replay:cache            the last 24 h of cached ticks (of --symbols) in --data-dir (.pipscope)",
    "  mt5-ws:<ws://…>         an MT5 tick-streaming WebSocket bridge",
    "  mt5-socket:<port>       a TCP port the Expert Advisor relay/mql5/PipscopeBridge.mq5 connects to;",
    "                          --upstream-token <secret> makes it send that secret first (its RelayToken input)",
    "Other options: --heartbeat-ms 15000, --ring 100000 (ticks kept for resume), --seed 1 (synthetic).",
    "Examples:",
    "  pipscope relay",
    "  pipscope relay --source mt5-socket:8766 --upstream-token ea-s3cret --token s3cret",
    "  pipscope relay --source replay:ticks.csv --speed 10",
  ].join("\n"),
  async run(args, io) {
    const [{ runRelay }, { cliStoreTicks }] = await Promise.all([
      import("../../relay/run.ts"),
      import("./relay-ticks.ts"),
    ]);
    return runRelay(args, { stdout: io.stdout, env: process.env, cwd: io.cwd, store: cliStoreTicks(io) });
  },
};
