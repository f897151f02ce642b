import { transferHandlers } from "comlink";
import { PipscopeError, type SerializedError } from "../core/errors.ts";

type Thrown = { value: unknown };
type Wire = { isPipscopeError: true; value: SerializedError } | { isPipscopeError?: false; inner: unknown };

/**
 * Makes a thrown PipscopeError cross a comlink boundary with its code and location intact.
 * comlink's own "throw" handler keeps only name, message and stack
 * (https://github.com/GoogleChromeLabs/comlink/blob/main/src/comlink.ts, `throwTransferHandler`),
 * so we wrap it and hand everything else to it unchanged. Call on both sides of the boundary;
 * calling twice is harmless.
 */
export function registerErrorTransfer(): void {
  const original = transferHandlers.get("throw");
  if (!original || (original as { pipscope?: true }).pipscope) return;
  const handler = {
    pipscope: true as const,
    canHandle: (value: unknown): value is unknown => original.canHandle(value),
    serialize(thrown: unknown): [Wire, Transferable[]] {
      const { value } = thrown as Thrown;
      if (value instanceof PipscopeError) return [{ isPipscopeError: true, value: value.toJSON() }, []];
      const [inner, transfer] = original.serialize(thrown);
      return [{ inner }, transfer];
    },
    deserialize(wire: Wire): never {
      if (wire.isPipscopeError) throw PipscopeError.fromJSON(wire.value);
      return original.deserialize(wire.inner) as never;
    },
  };
  transferHandlers.set("throw", handler);
}
