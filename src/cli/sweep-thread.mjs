// Entry of a sweep worker thread. A thread does not inherit the tsx loader that bin/pipscope.mjs
// (or vitest) registered in the main thread, so it registers its own before loading TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./sweep-thread.ts");
