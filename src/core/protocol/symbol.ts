import { z } from "zod";

/** MT5 symbol names: letters, digits and `. _ # -`, e.g. `EURUSD`, `EURUSD.m`, `#US500`. */
export const symbolSchema = z.string().regex(/^[A-Za-z0-9._#-]{1,32}$/, "a symbol is 1–32 letters, digits or . _ # -");
