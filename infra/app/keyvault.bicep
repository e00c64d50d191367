// Key Vault (RBAC authorization) for the Graph app registration's client secret. The Function App reads it
// through a Key Vault reference, so the secret never sits in an app setting or a deployment output.
param name string
param location string
param tags object

@secure()
@description('Client secret of the multi-tenant Graph app registration; empty skips writing it (federated mode, or set later).')
param graphClientSecret string = ''

var graphClientSecretName = 'graph-client-secret'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource graphSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(graphClientSecret)) {
  parent: vault
  name: graphClientSecretName
  properties: {
    value: graphClientSecret
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
output graphClientSecretName string = graphClientSecretName
