import { expose, transfer } from "comlink";
import { type MonteCarloOptions, monteCarlo } from "../core/router/monte-carlo.ts";
import { registerErrorTransfer } from "./error-transfer.ts";

registerErrorTransfer();

/**
 * Monte Carlo off the page's thread: a thousand paths of 30k trades take a quarter of a second,
 * which on the main thread would hold the report back and freeze it while a control changes.
 */
const endpoint = {
  run(values: Float64Array, initialBalance: number, options: Partial<MonteCarloOptions>) {
    const result = monteCarlo(values, initialBalance, options);
    return transfer(result, [result.finalEquity.buffer, result.maxDrawdownPct.buffer]);
  },
};
export type MonteCarloEndpoint = typeof endpoint;

expose(endpoint);
