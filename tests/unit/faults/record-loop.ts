// Records ticks into a cache in a loop, as the Live page's recorder does through the data worker:
// `node --import tsx tests/unit/faults/record-loop.ts <data-dir> <first-tick-index>`. After each
// batch is stored it prints `stored <ticks so far>`; it runs until it is killed.
import { MarketStore } from "../../../src/store/market-store.ts";
import { openNodeHost } from "../../../src/store/node-host.ts";
import { recordedTicks, TICKS_PER_BATCH } from "./recorded-ticks.ts";

const [dir, first] = process.argv.slice(2);
const store = await MarketStore.open(await openNodeHost(dir));
for (let next = Number(first); ; next += TICKS_PER_BATCH) {
  await store.appendTicks("EURUSD", recordedTicks(next, TICKS_PER_BATCH));
  process.stdout.write(`stored ${next + TICKS_PER_BATCH}\n`);
}
