import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { syntheticBars, syntheticTicks } from "../../src/core/data/synthetic.ts";
import { MS_PER_DAY } from "../../src/core/units.ts";

/** `2025.06.23\t00:00:00.530` (milliseconds only when asked), UTC. */
function mt5Time(ms: number, millis: boolean): string {
  const iso = new Date(ms).toISOString(); // 2025-06-23T00:00:00.530Z
  const date = `${iso.slice(0, 4)}.${iso.slice(5, 7)}.${iso.slice(8, 10)}`;
  return `${date}\t${iso.slice(11, millis ? 23 : 19)}`;
}

/**
 * Writes `rows` synthetic rows of EURUSD from `from` (default 2025-01-01) as an MT5 export (bars
 * or ticks), LF, UTF-8, with the header; generated a week at a time so the writer's memory stays
 * small. `toWeekEnd`: bars go on past `rows` to the close of that FX week, so that whole days
 * cover them. Returns the rows written.
 */
export async function writeMt5Export(
  path: string,
  kind: "bars" | "ticks",
  rows: number,
  { from: start = Date.UTC(2025, 0, 1), toWeekEnd = false } = {},
): Promise<number> {
  const out = createWriteStream(path);
  out.write(
    kind === "bars"
      ? "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n"
      : "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n",
  );
  let written = 0;
  let last = Number.NaN;
  let more = true;
  for (let from = start; more; from += 7 * MS_PER_DAY) {
    const lines: string[] = [];
    if (kind === "bars") {
      const b = syntheticBars("EURUSD", from, from + 7 * MS_PER_DAY);
      for (let i = 0; i < b.length && more; i++, written++) {
        more = written < rows || (toWeekEnd && b.time[i] - last < MS_PER_DAY);
        if (!more) break;
        last = b.time[i];
        const prices = [b.open[i], b.high[i], b.low[i], b.close[i]].map((p) => p.toFixed(5)).join("\t");
        lines.push(`${mt5Time(b.time[i], false)}\t${prices}\t${b.tickVolume[i]}\t0\t${b.spread[i]}`);
      }
    } else {
      const t = syntheticTicks("EURUSD", from, from + 7 * MS_PER_DAY);
      for (let i = 0; i < t.length && more; i++, written++) {
        more = written + 1 < rows;
        lines.push(`${mt5Time(t.time[i], true)}\t${t.bid[i].toFixed(5)}\t${t.ask[i].toFixed(5)}\t\t\t${t.flags[i]}`);
      }
    }
    if (lines.length > 0 && !out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return written;
}
