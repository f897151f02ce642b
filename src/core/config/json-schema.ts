import { z } from "zod";
import { sessionConfigSchema } from "./session-config.ts";

/**
 * The JSON Schema of session configs, generated from the zod schema so the two cannot drift:
 * session_configs/session-config.schema.json is this, and a test checks the committed file.
 */
export function sessionConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(sessionConfigSchema, { io: "input", target: "draft-2020-12" }),
    $id: "https://pipscope.app/session-config.schema.json",
    title: "Pipscope session config",
  };
}
