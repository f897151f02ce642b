import { PipscopeError } from "../../src/core/errors.ts";
import type { UpstreamTick } from "../../src/core/protocol/relay.ts";
import { nowMsc } from "../clock.ts";
import type { TickTape } from "./tape.ts";
import type { Upstream, UpstreamSink } from "./upstream.ts";

export interface ReplayOptions {
  /** Replay speed: 1 is real time, 10 ten times faster. */
  speed: number;
  /** Tape time (UTC ms) to begin at; default its first tick. */
  startAtMs?: number;
}

/** Simulated pause between the last tick of the tape and the first of its next loop, ms. */
const LOOP_PAUSE_MS = 1000;
/** Most ticks sent in one timer turn, so a very high speed cannot starve the event loop. */
const MAX_BATCH = 5000;

/**
 * `replay`: plays a tape as a live feed, looping for ever. Tick times are re-stamped to the wall
 * clock — tick i is sent, and stamped, at start + (time[i] − time[first]) / speed — so the page
 * shows current times and what it records is in order across loops; prices, volumes and flags are
 * the tape's, and the gaps between ticks are the tape's divided by the speed.
 */
export function makeReplayUpstream(source: string, tape: TickTape, options: ReplayOptions): Upstream {
  if (tape.length === 0) throw new PipscopeError("RELAY_EMPTY_REPLAY", `${source}: no ticks to replay`);
  const n = tape.length;
  const speed = options.speed;
  let next = lowerBound(tape.time, options.startAtMs ?? tape.time[0]) % n;
  let simBase = tape.time[next];
  let wallBase = 0;
  let loops = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sink: UpstreamSink | undefined;
  const due = (i: number) => wallBase + (tape.time[i] - simBase) / speed;

  const emit = (i: number, receivedMsc: number) => {
    const last = tape.last[i];
    const volume = tape.volume[i];
    const tick: UpstreamTick = {
      symbol: tape.symbols[tape.symbol[i]],
      bid: tape.bid[i],
      ask: tape.ask[i],
      last: Number.isNaN(last) ? 0 : last,
      volume: Number.isNaN(volume) ? 0 : volume,
      time_msc: Math.round(due(i)),
      flags: tape.flags[i],
    };
    sink?.tick(tick, receivedMsc);
  };

  const play = () => {
    const now = nowMsc();
    for (let sent = 0; sent < MAX_BATCH && due(next) <= now; sent++) {
      emit(next, now);
      if (++next === n) {
        wallBase = due(n - 1) + LOOP_PAUSE_MS / speed;
        simBase = tape.time[0];
        next = 0;
        loops++;
      }
    }
    timer = setTimeout(play, Math.min(1000, Math.max(0, due(next) - nowMsc())));
  };

  return {
    source,
    symbols: tape.symbols,
    async start(target) {
      sink = target;
      wallBase = nowMsc();
      sink.state("connected");
      play();
    },
    async stop() {
      clearTimeout(timer);
      sink?.state("stopped");
    },
    info: () => ({ ticks: n, speed, loops }),
  };
}

/** First index whose time is ≥ `time` (length when none). */
function lowerBound(times: Float64Array, time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
