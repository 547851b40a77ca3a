import { CredentialHeader } from '../contract/credentials';
import { loadBundledOpenApi } from './openapi';

/** The credential headers live in code (the client and the gateway send them) and in the OpenAPI document: they must agree. */
describe('contracts/openapi.json', () => {
  const document = loadBundledOpenApi() as {
    components: {
      securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>;
      schemas: Record<string, object>;
    };
  };
  const schemes = Object.values(document.components.securitySchemes);

  it('documents exactly the credential headers the client sends', () => {
    const documented = schemes
      .filter((s) => s.type === 'apiKey' && s.in === 'header')
      .map((s) => s.name)
      .sort();
    const sent = [CredentialHeader.apiKey, CredentialHeader.userExternalId, CredentialHeader.userHmac].sort();
    expect(documented).toEqual(sent);
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('bundles every schema file inline, with no file reference left', () => {
    for (const schema of Object.values(document.components.schemas))
      expect(JSON.stringify(schema)).not.toMatch(/"\$ref":"[^#]/);
    expect(Object.keys(document.components.schemas).sort()).toEqual([
      'ApiError',
      'Interaction',
      'InteractionUpdateParams',
    ]);
  });
});
