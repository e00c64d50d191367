// The front door hook runs before routing, after the host dropped any client-supplied principal; it can
// answer requests itself or set a trusted principal that the app then sees.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FunctionsHost } from "../../local/host/functionsHost.js";
import { startTestAzurite, type TestAzurite } from "../support/azurite.js";
import { ensureBuilt, fixtureAppDir } from "../support/host.js";

let azurite: TestAzurite | undefined;
let host: FunctionsHost | undefined;
const seenByFrontDoor: (string | undefined)[] = [];
const trusted = Buffer.from(
  JSON.stringify({ identityProvider: "aad", userId: "u1", userDetails: "op", userRoles: [] }),
).toString("base64");

beforeAll(async () => {
  ensureBuilt();
  azurite = await startTestAzurite();
  process.env.AzureWebJobsStorage = azurite.connectionString;
  process.env.FIXTURE_HUB = `Door${randomUUID().slice(0, 8)}`;
  host = await FunctionsHost.start({
    appDir: fixtureAppDir,
    port: 0,
    log: () => undefined,
    frontDoor: (req, res) => {
      seenByFrontDoor.push(req.headers["x-ms-client-principal"] as string | undefined);
      if (req.url === "/") {
        res.setHeader("content-type", "text/html");
        res.end("<h1>dashboard</h1>");
        return Promise.resolve(true);
      }
      if (req.url?.startsWith("/api/whoami") && req.headers.cookie === "session=ok") {
        req.headers["x-ms-client-principal"] = trusted;
      }
      return Promise.resolve(false);
    },
  });
}, 180_000);

afterAll(async () => {
  await host?.stop();
  await azurite?.stop();
});

it("serves what the front door answers and passes on only the principal it sets", async () => {
  const page = await fetch(`${host!.url}/`);
  expect(await page.text()).toBe("<h1>dashboard</h1>");

  const forged = Buffer.from(
    JSON.stringify({ identityProvider: "evil", userId: "x", userRoles: ["admin"] }),
  ).toString("base64");
  const anonymous = await fetch(`${host!.url}/api/whoami`, { headers: { "x-ms-client-principal": forged } });
  expect(await anonymous.json()).toEqual({ principal: null, user: null });

  const signedIn = await fetch(`${host!.url}/api/whoami`, {
    headers: { "x-ms-client-principal": forged, cookie: "session=ok" },
  });
  expect(await signedIn.json()).toEqual({ principal: trusted, user: "aad" });
  expect(seenByFrontDoor).toEqual([undefined, undefined, undefined]);
  expect(host!.functionTable()).toContain("whoami: [GET]");
});
