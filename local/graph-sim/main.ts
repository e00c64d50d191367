// Runs the Graph simulator standalone: `npm run graph-sim` (PORT/GRAPH_SIM_PORT, default 7100).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { startGraphSim } from "./startGraphSim.js";

const port = Number(process.env.GRAPH_SIM_PORT ?? process.env.PORT ?? "7100");
const host = process.env.GRAPH_SIM_HOST ?? "127.0.0.1";
const handle = await startGraphSim({ port, host, seedDemo: process.env.GRAPH_SIM_SEED_DEMO !== "false" });
const certFile = process.env.GRAPH_SIM_CERT_FILE;
if (certFile !== undefined && certFile !== "") {
  mkdirSync(dirname(certFile), { recursive: true });
  writeFileSync(certFile, handle.caCertPem);
}
console.log(
  JSON.stringify({
    graphSim: "listening",
    url: handle.url,
    authorityHost: handle.authorityHost,
    issuer: handle.issuerTemplate,
    jwksUrl: handle.jwksUrl,
  }),
);
const stop = (): void => {
  void handle.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
