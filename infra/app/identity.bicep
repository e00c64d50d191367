// The user-assigned managed identity the Function App runs as. User-assigned (not system-assigned) so that
// role assignments exist before the app starts, Key Vault references resolve on first boot, and the same
// identity can be trusted by the Graph app registration as a federated credential.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
