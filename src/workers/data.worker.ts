import { expose } from "comlink";
import { z } from "zod";
import { dataApi } from "./data-api.ts";
import { registerErrorTransfer } from "./error-transfer.ts";

// This worker runs under the page's CSP (no eval): zod must not probe for it.
z.config({ jitless: true });
registerErrorTransfer();
expose(dataApi);
