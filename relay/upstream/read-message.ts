import { parseUpstreamMessage, type UpstreamMessage, type UpstreamTick } from "../../src/core/protocol/relay.ts";
import { nowMsc } from "../clock.ts";
import type { UpstreamSink } from "./upstream.ts";

/**
 * Reads one upstream JSON text (an EA line or a bridge frame) into the sink; bad ones are reported.
 * @returns what it was: `tick`, `account`, `other` (nothing for the relay) or `bad`.
 */
export function readUpstreamText(text: string, sink: UpstreamSink): UpstreamMessage["kind"] | "bad" {
  const receivedMsc = nowMsc();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    sink.bad(`not JSON: ${text.slice(0, 80)}`);
    return "bad";
  }
  return readUpstreamValue(value, sink, receivedMsc)?.kind ?? "bad";
}

/**
 * Reads one parsed upstream message into the sink: a tick (when `accept` takes it: a repeat is
 * not published), an account snapshot, or something to ignore; a bad one is reported.
 * @returns the message, or undefined when it was bad.
 */
export function readUpstreamValue(
  value: unknown,
  sink: UpstreamSink,
  receivedMsc: number,
  accept?: (tick: UpstreamTick) => boolean,
): UpstreamMessage | undefined {
  const message = parseUpstreamMessage(value);
  if ("error" in message) {
    sink.bad(message.error);
    return undefined;
  }
  if (message.kind === "tick") {
    if (!accept || accept(message.tick)) sink.tick(message.tick, receivedMsc);
  } else if (message.kind === "account") sink.account(message.account, receivedMsc);
  return message;
}
