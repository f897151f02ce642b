export { loadSessionConfig, parseSessionConfig } from "./load.ts";
export {
  type InstrumentConfig,
  type SessionConfig,
  STREAMS,
  type StreamName,
  sessionConfigSchema,
} from "./session-config.ts";
export { VARIANTS, type VariantName, type WalkForwardConfig } from "./walk-forward-config.ts";
