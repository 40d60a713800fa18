import os from "node:os";

/** What the figures were measured on; written into every results row. */
export interface MachineInfo {
  cpuModel: string;
  /** logical cores (os.cpus().length) */
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: (cpus[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim(),
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** One line for the table's machine column. */
export function describeMachine(m: MachineInfo): string {
  return `${m.cpuModel} ×${m.cores}, ${m.memoryGiB} GiB, Node ${m.node.replace(/^v/, "")}`;
}

/** UTC timestamp of the run, minute precision: "2026-05-01 09:30 UTC". */
export function runDate(d: Date = new Date()): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
