import { expose } from "comlink";
import { dataApi } from "./data-api.ts";
import { registerErrorTransfer } from "./error-transfer.ts";

registerErrorTransfer();
expose(dataApi);
