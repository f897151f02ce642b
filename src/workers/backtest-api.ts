import { loadSessionConfig } from "../core/config/index.ts";
import { type BacktestResult, reportRunError } from "../core/engine/backtest.ts";
import { makeStreamingHost } from "../core/engine/stream.ts";
import { PipscopeError } from "../core/errors.ts";
import { DIRECTORY_CHANNEL, runChannelName } from "../core/protocol/backtest.ts";
import type { PackedEvents } from "../core/protocol/event-batch.ts";
import type { Bot } from "../core/router/bot.ts";
import { type MarketData, type OpenRun, openRun, type RunCalendar } from "../core/run/index.ts";
import type { RunRecord } from "../store/runs.ts";

/** What a directory message says: a run started or ended (SPEC §6, `pipscope:backtests`). */
export type DirectoryMessage =
  | { type: "started"; backtest_id: string; name: string; symbol: string; timeframe: string }
  | { type: "ended"; backtest_id: string; status: RunRecord["status"] };

/** What the backtest worker needs from its surroundings; the browser and the tests supply their own. */
export interface BacktestDeps {
  /** Where runs load data unless `start` is given a source of its own. */
  marketData?: MarketData;
  calendar(): RunCalendar;
  saveRun(run: RunRecord): Promise<void>;
  /** Records the run complete with its result and its last batch of events, all or nothing. */
  completeRun(run: RunRecord, result: BacktestResult, lastBatch?: PackedEvents): Promise<void>;
  /** Keeps a posted batch of events so late viewers can replay the run. */
  saveEvents(id: string, batch: PackedEvents): Promise<void>;
  /** Wall-clock epoch ms. */
  now(): number;
  newId(): string;
  /** Marks the run live until `ended` settles (a Web Lock in the browser); resolves once marked. */
  holdLive?(backtestId: string, ended: Promise<void>): Promise<void>;
  /** The Bots page's enabled bots: the team of a `spiced` run whose config names none. */
  enabledBots?(): Promise<Bot[]>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The backtest worker's API, independent of comlink. `start` validates the session config and
 * returns the run's id at once; the run then streams its events on `pipscope:backtest:<id>`,
 * stores them, and records its result in the run history.
 */
export function makeBacktestApi(deps: BacktestDeps) {
  const running = new Map<string, { cancel(): void; done: Promise<void> }>();
  const directory = new BroadcastChannel(DIRECTORY_CHANNEL);

  /** Runs an opened run to its end; resolves with how it ended (never rejects). */
  async function execute(
    record: RunRecord,
    run: OpenRun,
    onCancel: (cancel: () => void) => void,
  ): Promise<RunRecord["status"]> {
    const id = record.backtest_id;
    const channel = new BroadcastChannel(runChannelName(id));
    // Batches are stored in order, one after another, while the run goes on.
    let saving = Promise.resolve();
    const host = makeStreamingHost(
      {
        wallNow: deps.now,
        post(batch) {
          channel.postMessage(batch);
          saving = saving.then(() => deps.saveEvents(id, batch));
        },
        yield: macrotask,
        sleep,
      },
      { holdEnd: true },
    );
    onCancel(host.cancel);
    let engineRunning = false;
    try {
      const input = await run.prepare(id);
      engineRunning = true;
      const result = await run.run(input, host);
      engineRunning = false;
      // Complete means stored: the batch that says so goes out once the result is in the history.
      const last = host.rest();
      await saving;
      await deps.completeRun(record, result, last).catch((error) => {
        throw new PipscopeError(
          "RUN_NOT_STORED",
          `the run finished, but this browser could not store its result: ${error instanceof Error ? error.message : error}`,
        );
      });
      if (last) channel.postMessage(last);
      return "complete";
    } catch (error) {
      // The engine reports its own failures; one outside it (no data before it, a full store after
      // it) is reported here so that viewers of the run see why it ended.
      if (!engineRunning) reportRunError(host, id, error instanceof Error ? error : new Error(String(error)));
      host.flush();
      await saving;
      const status = error instanceof PipscopeError && error.code === "BACKTEST_CANCELLED" ? "cancelled" : "error";
      await deps.saveRun({ ...record, status, error: error instanceof Error ? error.message : String(error) });
      return status;
    } finally {
      channel.close();
    }
  }

  return {
    /**
     * Validates `configText` (a session config) and starts the run; resolves with its id once the
     * run is recorded and marked live. A bad config rejects with a PipscopeError naming the JSON
     * path; nothing is stored then. `market` is where this run loads its bars and ticks (in the
     * browser: a comlink proxy of the data worker of the page that started it).
     */
    async start(configText: string, options: { name?: string; market?: MarketData } = {}): Promise<string> {
      const { name, market = deps.marketData } = options;
      const config = loadSessionConfig(configText);
      if (!market)
        throw new PipscopeError("BACKTEST_NO_DATA_SOURCE", "no market data is connected to the backtest worker");
      const run = await openRun(config, "config", {
        market,
        calendar: deps.calendar(),
        now: deps.now,
        enabledBots: deps.enabledBots,
      });
      const { plan } = run;
      const id = deps.newId();
      const record: RunRecord = {
        backtest_id: id,
        name: name ?? config.session_name,
        created_at: deps.now(),
        status: "running",
        symbol: plan.symbol,
        timeframe: plan.timeframe,
        strategy: plan.strategy.id,
        variant: plan.variant,
        config: configText,
        events_stored: 0,
      };
      // Live before it is recorded as running: a tab never sees a running record without its lock.
      let ended = () => {};
      await deps.holdLive?.(id, new Promise<void>((resolve) => (ended = resolve)));
      await deps.saveRun(record).catch((error) => {
        ended();
        throw error;
      });
      directory.postMessage({
        type: "started",
        backtest_id: id,
        name: record.name,
        symbol: plan.symbol,
        timeframe: plan.timeframe,
      } satisfies DirectoryMessage);
      const entry = { cancel: () => {}, done: Promise.resolve() };
      running.set(id, entry);
      entry.done = execute(record, run, (cancel) => {
        entry.cancel = cancel;
      }).then((status) => {
        running.delete(id);
        ended();
        directory.postMessage({ type: "ended", backtest_id: id, status } satisfies DirectoryMessage);
      });
      return id;
    },
    /** Asks a run to stop at its next yield; false if it is not running here. */
    cancel(id: string): boolean {
      const run = running.get(id);
      run?.cancel();
      return run !== undefined;
    },
    /** Resolves when the run has ended and its record is saved. */
    async settled(id: string): Promise<void> {
      await running.get(id)?.done;
    },
  };
}

export type BacktestApi = ReturnType<typeof makeBacktestApi>;
