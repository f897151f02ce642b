/** Writes session_configs/session-config.schema.json from the zod schema: `npx tsx scripts/write-config-schema.ts`. */
import { writeFile } from "node:fs/promises";
import { sessionConfigJsonSchema } from "../src/core/config/json-schema.ts";

await writeFile(
  new URL("../session_configs/session-config.schema.json", import.meta.url),
  `${JSON.stringify(sessionConfigJsonSchema(), null, 2)}\n`,
);
