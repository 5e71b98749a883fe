// Maps the connection string's Authentication value to an @azure/identity credential, the way the DTS
// SDKs do (durabletask-js-azuremanaged `credential-factory.ts`), passing ClientID/TenantId/TokenFilePath
// to the credentials that take them.
import type { TokenCredential } from '@azure/identity';
import type { DtsConnectionSettings } from './connection-string.js';

/** The resource scope DTS tokens are issued for. */
export const DTS_TOKEN_SCOPE = 'https://durabletask.io/.default';

/** undefined for `Authentication=None`; otherwise the credential named by the connection string. */
export async function createTokenCredential(settings: DtsConnectionSettings): Promise<TokenCredential | undefined> {
  if (settings.authentication === 'None') return undefined;
  // Loaded on demand: a local (None) worker never pays for @azure/identity.
  const identity = await import('@azure/identity');
  const { clientId, tenantId, tokenFilePath } = settings;
  switch (settings.authentication) {
    case 'DefaultAzure':
      return new identity.DefaultAzureCredential({ managedIdentityClientId: clientId, tenantId });
    case 'ManagedIdentity':
      return clientId ? new identity.ManagedIdentityCredential({ clientId }) : new identity.ManagedIdentityCredential();
    case 'WorkloadIdentity':
      return new identity.WorkloadIdentityCredential({ clientId, tenantId, tokenFilePath });
    case 'Environment':
      return new identity.EnvironmentCredential();
    case 'AzureCLI':
      return new identity.AzureCliCredential({ tenantId });
    case 'AzurePowerShell':
      return new identity.AzurePowerShellCredential({ tenantId });
    case 'VisualStudioCode':
      return new identity.VisualStudioCodeCredential({ tenantId });
    case 'InteractiveBrowser':
      return new identity.InteractiveBrowserCredential({ clientId, tenantId });
    default:
      throw new Error(
        `Authentication '${settings.authentication}' has no credential. Parse the connection string with parseConnectionString first.`,
      );
  }
}
