// Runs the local Cosmos server until Ctrl-C: `tsx local/cosmos/serve.ts [port]` (default: a free port).
// Prints the endpoint as the first line so a parent process can read it.
import { startCosmosServer } from "./startCosmosServer.js";

const port = Number(process.argv[2] ?? "0");
const server = await startCosmosServer({ port: Number.isInteger(port) ? port : 0 });
console.log(server.endpoint);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
