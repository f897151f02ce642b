import { parseUpstreamMessage } from "../../src/core/protocol/relay.ts";
import { nowMsc } from "../clock.ts";
import type { UpstreamSink } from "./upstream.ts";

/** Reads one upstream JSON text (an EA line or a bridge frame) into the sink; bad ones are reported. */
export function readUpstreamText(text: string, sink: UpstreamSink): void {
  const receivedMsc = nowMsc();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    sink.bad(`not JSON: ${text.slice(0, 80)}`);
    return;
  }
  const message = parseUpstreamMessage(value);
  if ("error" in message) sink.bad(message.error);
  else if (message.kind === "tick") sink.tick(message.tick, receivedMsc);
  else if (message.kind === "account") sink.account(message.account, receivedMsc);
}
