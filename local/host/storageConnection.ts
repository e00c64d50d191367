// Resolves AzureWebJobsStorage, expanding the emulator shorthand to Azurite's well-known account.
export const devStoreAccountKey =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

export function azuriteConnectionString(ports: AzuritePorts, host = "127.0.0.1"): string {
  return [
    "DefaultEndpointsProtocol=http",
    "AccountName=devstoreaccount1",
    `AccountKey=${devStoreAccountKey}`,
    `BlobEndpoint=http://${host}:${ports.blob}/devstoreaccount1`,
    `QueueEndpoint=http://${host}:${ports.queue}/devstoreaccount1`,
    `TableEndpoint=http://${host}:${ports.table}/devstoreaccount1`,
  ].join(";");
}

export function resolveStorageConnection(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^UseDevelopmentStorage=true/i.test(value.trim())) {
    return azuriteConnectionString({ blob: 10000, queue: 10001, table: 10002 });
  }
  return value;
}
