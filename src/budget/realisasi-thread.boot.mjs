// Loads the sync's RealisasiKL worker from its TypeScript source (tests and `tsx`, where src/
// runs as is); from dist/ the compiled realisasi-thread.js is started directly (realisasi-worker.ts).
import { register } from "tsx/esm/api";

register();
await import("./realisasi-thread.ts");
