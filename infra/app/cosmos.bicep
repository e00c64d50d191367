// Cosmos DB (serverless, Entra ID only) with the app's database and containers. cosmos-containers.json is
// generated from the app's own definitions (shared/store; tests/infra/writeCosmosLayout.ts) and checked by
// tests/infra, so Bicep and the store never disagree on ids, partition keys, indexes or TTL.
param name string
param location string
param tags object

var layout = loadJsonContent('cosmos-containers.json')

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: layout.databaseName
  properties: {
    resource: {
      id: layout.databaseName
    }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for container in layout.containers: {
    parent: database
    name: container.id
    properties: {
      // Newlines only inside the object literal, so older Bicep versions parse the call too.
      resource: union({
        id: container.id
        partitionKey: {
          paths: [container.partitionKeyPath]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: container.indexingPolicy
      }, container.resourceOptions)
    }
  }
]

output name string = account.name
output id string = account.id
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
