#!/usr/bin/env node
// The `pipscope` command: the CLI built as JavaScript (build/cli/, made by `npm install`), so it
// starts at once; rebuilt first when a source is newer than the build (development).
import { cliEntry } from "../scripts/build-cli.mjs";

await import((await cliEntry()).href);
