// The Function App (Flex Consumption FC1, Node 20, v4 programming model) running as the user-assigned
// identity. Every app setting the app reads (shared/config/settings.ts) is set here or documented as
// optional in infra/README.md; tests/infra checks both.
param name string
param planName string
param location string
param tags object

param identityId string
param identityClientId string

param storageAccountName string
param storageBlobEndpoint string
param deploymentContainerName string

param applicationInsightsConnectionString string

param cosmosEndpoint string
param cosmosDatabaseName string

param keyVaultName string
param graphClientSecretName string

param graphBaseUrl string
param graphAuthorityHost string
@allowed(['client_secret', 'managed_identity_federated'])
param graphCredentialMode string
param graphClientId string

param apiAuthIssuer string
param apiAuthJwksUrl string
param apiAuthAudience string
param apiAuthAllowedTenants string
param apiTrustClientPrincipal bool

param durableTaskHub string
@allowed(['debug', 'info', 'warn', 'error'])
param logLevel string

@description('Settings merged last, e.g. RECONCILE_SCHEDULE or ASSIGNMENT_COOLDOWN_MINUTES overrides.')
param additionalAppSettings object = {}

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (the default would be system-assigned).
    keyVaultReferenceIdentity: identityId
    // Flex Consumption takes its runtime from functionAppConfig; siteConfig keeps only the TLS floor.
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '20'
      }
    }
  }
}

// Host storage and the Durable task hub (blobs, queues, tables) by identity: no connection string, no key.
var storageSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
}

// Host telemetry with Entra auth; the app's own client reads the same connection string.
var telemetrySettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

var appSettings = {
  // DefaultAzureCredential (Cosmos, Graph federated assertion) picks the user-assigned identity by this id.
  AZURE_CLIENT_ID: identityClientId
  COSMOS_ENDPOINT: cosmosEndpoint
  COSMOS_DATABASE: cosmosDatabaseName
  COSMOS_ALLOW_INSECURE_TLS: 'false'
  // Bicep owns the database and containers; the app never creates them in Azure.
  COSMOS_ENSURE_CONTAINERS: 'false'
  GRAPH_BASE_URL: graphBaseUrl
  GRAPH_AUTHORITY_HOST: graphAuthorityHost
  GRAPH_CREDENTIAL_MODE: graphCredentialMode
  GRAPH_CLIENT_ID: graphClientId
  API_AUTH_ISSUER: apiAuthIssuer
  API_AUTH_JWKS_URL: apiAuthJwksUrl
  API_AUTH_AUDIENCE: apiAuthAudience
  API_AUTH_ALLOWED_TENANTS: apiAuthAllowedTenants
  // Spelled out: ARM's string(true) may render 'True', which the settings schema rejects.
  API_TRUST_CLIENT_PRINCIPAL: apiTrustClientPrincipal ? 'true' : 'false'
  DURABLE_TASK_HUB: durableTaskHub
  LOG_LEVEL: logLevel
}

// client_secret: the secret stays in Key Vault; managed_identity_federated: the identity signs assertions.
var graphCredentialSettings = graphCredentialMode == 'client_secret' ? {
  GRAPH_CLIENT_SECRET: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${graphClientSecretName})'
} : {
  GRAPH_FEDERATED_IDENTITY_CLIENT_ID: identityClientId
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(storageSettings, telemetrySettings, appSettings, graphCredentialSettings, additionalAppSettings)
}

// Deployments go through the identity-protected blob container; no publishing passwords.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output id string = functionApp.id
output uri string = 'https://${functionApp.properties.defaultHostName}'
output location string = functionApp.location
