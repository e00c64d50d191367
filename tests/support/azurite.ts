// Test helper: Azurite on free ports with a throw-away data folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startAzurite as start, type AzuriteHandle } from "../../local/azurite.js";
import { freePort } from "../../local/freePort.js";

export type TestAzurite = AzuriteHandle;

export async function startTestAzurite(): Promise<TestAzurite> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "azurite-"));
  const handle = await start({
    dataDir,
    ports: { blob: await freePort(), queue: await freePort(), table: await freePort() },
  });
  return {
    ...handle,
    async stop() {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
