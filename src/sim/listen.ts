/** Small HTTP helpers shared by the simulators. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on `host:port` (port 0 = any free one) and resolves with the port actually bound. */
export function listenLocal(server: Server, port = 0, host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server and every open connection (keep-alive ones included) at once. */
export function closeNow(server: Server): Promise<void> {
  const done = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return done;
}
