// Loads the parse worker from its TypeScript source (tests and `tsx`, where src/ runs as is);
// from dist/ the compiled omspan-parse-worker.js is started directly (omspan-worker.ts).
import { register } from "tsx/esm/api";

register();
await import("./omspan-parse-worker.ts");
