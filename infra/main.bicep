// Intune Ops Ledger on Azure: `azd up` provisions this at subscription scope into rg-<environment>.
// Names are an abbreviation + resourceToken; modules live in ./app.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; part of every resource name through resourceToken.')
param environmentName string

@minLength(1)
@description('Region of every resource (Flex Consumption must be available there).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Region of the Static Web App (its control plane exists in few regions; content is global).')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param staticWebAppLocation string = 'westeurope'

@description('Object id of the principal running azd (AZURE_PRINCIPAL_ID); gets the same data roles as the app.')
param principalId string = ''

@minLength(1)
@description('Client id of the multi-tenant app registration used against customer tenants (GRAPH_CLIENT_ID).')
param graphClientId string

@allowed(['client_secret', 'managed_identity_federated'])
@description('client_secret: secret in Key Vault; managed_identity_federated: the app identity is a federated credential of the app registration.')
param graphCredentialMode string = 'client_secret'

@secure()
@description('Client secret of that app registration (client_secret mode); stored in Key Vault only.')
param graphClientSecret string

@description('Microsoft Graph base URL (national clouds differ).')
param graphBaseUrl string = 'https://graph.microsoft.com'

@description('Entra ID authority host that issues Graph tokens.')
param graphAuthorityHost string = 'https://login.microsoftonline.com'

@description('Issuer of bearer tokens from external systems; {tid} is replaced by the token tenant.')
param apiAuthIssuer string = 'https://login.microsoftonline.com/{tid}/v2.0'

@description('JWKS that signs those bearer tokens.')
param apiAuthJwksUrl string = 'https://login.microsoftonline.com/common/discovery/v2.0/keys'

@description('Audience (application ID URI or client id) those bearer tokens must carry.')
param apiAuthAudience string = 'api://intune-ops-ledger'

@description('Entra tenant ids (comma-separated) whose bearer tokens may call the API; default: the home tenant.')
param apiAuthAllowedTenants string = tenant().tenantId

@description('Trust x-ms-client-principal: true because the Function App is the Static Web App linked backend.')
param apiTrustClientPrincipal bool = true

@description('Durable Functions task hub (host.json reads %DURABLE_TASK_HUB%).')
param durableTaskHub string = 'IntuneOpsHub'

@allowed(['debug', 'info', 'warn', 'error'])
param logLevel string = 'info'

@description('Application Insights accepts Entra-authenticated ingestion only (see infra/README.md before enabling).')
param appInsightsDisableLocalAuth bool = false

@description('Extra app settings merged last (e.g. RECONCILE_SCHEDULE).')
param additionalAppSettings object = {}

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    disableLocalAuth: appInsightsDisableLocalAuth
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    graphClientSecret: graphCredentialMode == 'client_secret' ? graphClientSecret : ''
  }
}

// Roles first: the app's first start already reads storage, Cosmos and Key Vault by identity.
module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    developerPrincipalId: principalId
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  dependsOn: [rbac]
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    keyVaultName: keyVault.outputs.name
    graphClientSecretName: keyVault.outputs.graphClientSecretName
    graphBaseUrl: graphBaseUrl
    graphAuthorityHost: graphAuthorityHost
    graphCredentialMode: graphCredentialMode
    graphClientId: graphClientId
    apiAuthIssuer: apiAuthIssuer
    apiAuthJwksUrl: apiAuthJwksUrl
    apiAuthAudience: apiAuthAudience
    apiAuthAllowedTenants: apiAuthAllowedTenants
    apiTrustClientPrincipal: apiTrustClientPrincipal
    durableTaskHub: durableTaskHub
    logLevel: logLevel
    additionalAppSettings: additionalAppSettings
  }
}

module web 'app/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: '${abbrs.webStaticSites}${resourceToken}'
    location: staticWebAppLocation
    tags: tags
    functionAppId: api.outputs.id
    functionAppLocation: api.outputs.location
  }
}

// azd reads these into the environment (.azure/<env>/.env); names match the settings they feed.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = web.outputs.uri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output AzureWebJobsStorage__accountName string = storage.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output DURABLE_TASK_HUB string = durableTaskHub
output GRAPH_FEDERATED_IDENTITY_CLIENT_ID string = graphCredentialMode == 'managed_identity_federated' ? identity.outputs.clientId : ''
