import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { type PackedEvents, unpackEvents } from "../core/protocol/event-batch.ts";
import { makeRunPrinter } from "./print-run.ts";
import type { Printed, PrintOptions } from "./printer.ts";

/**
 * A backtest's printer thread (started by printer.ts): unpacks each batch the run posts and turns
 * it into its lines (or its events as JSON lines), on the other core while the run goes on; the
 * command writes what comes back.
 */
const port = parentPort;
if (!port) throw new Error("print-thread.ts runs as a worker thread");
const options = workerData as PrintOptions;
// Writing the process's own stdout and stderr: straight to their descriptors from here.
let out = "";
let err = "";
const print = makeRunPrinter(
  { write: (text: string) => (out += text) },
  { write: (text: string) => (err += text) },
  options,
);
port.on("message", (message: { batch: PackedEvents } | "end") => {
  if (message === "end") {
    port.postMessage("end");
    return;
  }
  const events = unpackEvents(message.batch);
  if (options.json) out = `${events.map((e) => JSON.stringify(e)).join("\n")}\n`;
  else print(events);
  if (options.direct) {
    writeAll(1, out);
    writeAll(2, err);
  } else port.postMessage({ out, err } satisfies Printed);
  out = "";
  err = "";
});

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to descriptor `fd`. A pipe the parent made non-blocking takes only what
 * fits: write the rest as it drains, waiting a millisecond when it is full (this thread only prints).
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
