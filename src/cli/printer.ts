import { Worker } from "node:worker_threads";
import type { PackedEvents } from "../core/protocol/event-batch.ts";
import type { CliIo } from "./command.ts";
import { threadEntry } from "./thread-entry.ts";

/** How a run is printed: its lines (coloured on a terminal, with a progress line) or its events as JSON lines. */
export interface PrintOptions {
  json: boolean;
  colour: boolean;
  progress: boolean;
  logs: boolean;
  /** The thread writes the process's stdout and stderr itself (else it hands the text back). */
  direct?: boolean;
}

/** What the thread made of one batch: text for stdout and for stderr. */
export interface Printed {
  out: string;
  err: string;
}

/** Where a run's batches go to be printed; `end` resolves once every line is written. */
export interface Printer {
  print(batch: PackedEvents): void;
  end(): Promise<void>;
}

/**
 * Prints a run through a thread of its own (print-thread.ts): the run only packs its events, as
 * in the browser, and turning a hundred thousand of them into lines happens on the other core.
 * It writes the process's stdout and stderr itself; other streams (tests) get the text back here, in order.
 */
export function startPrinter(io: Pick<CliIo, "stdout" | "stderr">, options: PrintOptions): Printer {
  const direct = io.stdout === process.stdout && io.stderr === process.stderr;
  const thread = new Worker(threadEntry("print-thread"), {
    name: "pipscope-print",
    workerData: { ...options, direct } satisfies PrintOptions,
  });
  let ended: () => void = () => {};
  let failure: Error | undefined;
  const finished = new Promise<void>((resolve) => (ended = resolve));
  thread.on("message", (message: Printed | "end") => {
    if (message === "end") return ended();
    if (message.out) io.stdout.write(message.out);
    if (message.err) io.stderr.write(message.err);
  });
  thread.on("error", (error) => {
    failure = error;
    ended();
  });
  return {
    print(batch) {
      thread.postMessage({ batch }, [batch.ints.buffer as ArrayBuffer, batch.numbers.buffer as ArrayBuffer]);
    },
    async end() {
      thread.postMessage("end");
      await finished;
      await thread.terminate();
      if (failure) throw failure;
    },
  };
}
