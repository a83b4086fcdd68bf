// Entry of the lab engine's worker thread (runner.ts). Node 20 does not carry tsx's module hooks
// into worker threads, so the worker registers them itself before loading the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
