import type { Order, Position } from "./orders.ts";

/** The first level a price move reaches: a pending order, or a position's stop or target. */
export type Trigger = { order: Order; level: number } | { position: Position; level: number; kind: "sl" | "tp" };

/**
 * Of the pending orders and the positions' stops and targets that the market at (bid, ask)
 * crosses, the one the price reaches first on its way from (prevBid, prevAsk); on a jump (a gap,
 * a tick) every crossed level is reached at once and the first found wins. Buys watch the ask and
 * sells the bid; long stops and targets the bid, short ones the ask. Undefined when none is crossed.
 */
export function firstTrigger(
  orders: readonly Order[],
  positions: readonly Position[],
  bid: number,
  ask: number,
  prevBid: number,
  prevAsk: number,
  jump: boolean,
): Trigger | undefined {
  let bestDistance = Number.POSITIVE_INFINITY;
  let found: Trigger | undefined;
  for (const o of orders) {
    if (o.type === "market") continue;
    const buy = o.side === 1;
    const watched = buy ? ask : bid;
    const hit = (o.type === "stop") === buy ? watched >= o.price : watched <= o.price;
    if (!hit) continue;
    const distance = jump ? 0 : Math.abs(o.price - (buy ? prevAsk : prevBid));
    if (distance < bestDistance) {
      bestDistance = distance;
      found = { order: o, level: o.price };
    }
  }
  for (const p of positions) {
    const long = p.side === 1;
    const watched = long ? bid : ask;
    const prev = long ? prevBid : prevAsk;
    if (!Number.isNaN(p.sl) && (long ? watched <= p.sl : watched >= p.sl)) {
      const distance = jump ? 0 : Math.abs(p.sl - prev);
      if (distance < bestDistance) {
        bestDistance = distance;
        found = { position: p, level: p.sl, kind: "sl" };
      }
    }
    if (!Number.isNaN(p.tp) && (long ? watched >= p.tp : watched <= p.tp)) {
      const distance = jump ? 0 : Math.abs(p.tp - prev);
      if (distance < bestDistance) {
        bestDistance = distance;
        found = { position: p, level: p.tp, kind: "tp" };
      }
    }
  }
  return found;
}
