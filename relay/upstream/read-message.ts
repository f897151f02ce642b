import { parseUpstreamMessage, type UpstreamMessage } from "../../src/core/protocol/relay.ts";
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
  const message = parseUpstreamMessage(value);
  if ("error" in message) {
    sink.bad(message.error);
    return "bad";
  }
  if (message.kind === "tick") sink.tick(message.tick, receivedMsc);
  else if (message.kind === "account") sink.account(message.account, receivedMsc);
  return message.kind;
}
