// Run the dashboard against the stand-in API by hand: `npx tsx tests/web/support/devStandIn.ts`
// (after `npm run build:web`). Prints the URL; Ctrl-C stops it. Temporary until `npm start` serves it all.
import { fileURLToPath } from "node:url";

import { startStandInServer } from "./standInServer.js";

const webRoot = fileURLToPath(new URL("../../../web/dist", import.meta.url));
const port = Number(process.env.PORT ?? "0");
const server = await startStandInServer({ webRoot, port, queuedMs: 2_000, runningMs: 8_000 });
process.stdout.write(`Monitoring hub (stand-in API): ${server.url}/\n`);
process.on("SIGINT", () => {
  void server.close().then(() => process.exit(0));
});
