export * from "./backtest.ts";
export * from "./relay.ts";
