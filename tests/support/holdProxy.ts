// A TCP proxy in front of Azurite's three ports that can hold traffic: while held, bytes clients send are
// kept back instead of forwarded, and `dropHeld` discards them. It freezes a host at a precise point (the
// Durable start after the ledger write) so a SIGKILL there leaves exactly the state a real crash would.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

import { azuriteConnectionString, type AzuritePorts } from "../../local/host/storageConnection.js";

export interface HoldProxy {
  connectionString: string;
  /** Stop forwarding what clients send (answers already on their way still arrive). */
  hold(): void;
  /** Forward again; bytes held so far are discarded with their connections. */
  release(): void;
  /** Connections that tried to send while held. */
  heldConnections(): number;
  close(): Promise<void>;
}

async function proxyPort(
  target: number,
  state: { held: boolean },
  held: Set<Socket>,
  sockets: Set<Socket>,
): Promise<{ server: Server; port: number }> {
  const server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: target });
    sockets.add(client).add(upstream);
    client.on("data", (chunk) => {
      if (state.held || held.has(client)) {
        held.add(client);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      held.delete(client);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export async function startHoldProxy(target: AzuritePorts): Promise<HoldProxy> {
  const state = { held: false };
  const held = new Set<Socket>();
  const sockets = new Set<Socket>();
  const [blob, queue, table] = await Promise.all(
    [target.blob, target.queue, target.table].map((port) => proxyPort(port, state, held, sockets)),
  );
  if (blob === undefined || queue === undefined || table === undefined) throw new Error("proxy ports");
  return {
    connectionString: azuriteConnectionString({ blob: blob.port, queue: queue.port, table: table.port }),
    hold: () => {
      state.held = true;
    },
    release: () => {
      state.held = false;
      for (const socket of held) socket.destroy();
      held.clear();
    },
    heldConnections: () => held.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [blob, queue, table].map(
          ({ server }) =>
            new Promise<void>((resolve) =>
              server.close(() => {
                resolve();
              }),
            ),
        ),
      );
    },
  };
}
