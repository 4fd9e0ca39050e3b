import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_BASE, API_VERSION } from './api-version';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';
import { documentHeaders, setFixedHeaders } from './security';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'De invoer is ongeldig; `fouten` noemt elk veld.',
  '401': 'Niet (geldig) aangemeld.',
  '403': 'Deze rol of organisatie mag dit niet.',
  '404': 'Niet gevonden.',
  '409': 'Een regel van het proces is niet vervuld, of het dossier is tegelijk gewijzigd; `redenen` zegt welke.',
  '412': 'If-Match komt niet overeen met de huidige versie.',
  '422': 'Idempotency-Key al gebruikt voor een ander verzoek.',
  '429': 'Te veel verzoeken.',
  '500': 'Fout aan onze kant; er is niets vastgelegd.',
};
const READ_ERRORS = ['400', '401', '404', '429', '500'];
const WRITE_ERRORS = Object.keys(ERROR_RESPONSES);

const versionHeader = {
  'API-Version': { description: 'De volledige versie van de API.', schema: { type: 'string', example: API_VERSION } },
};

/**
 * Nest's generator knows nothing of the API Design Rules; this pass adds what every operation must
 * declare (API-Version on success, problem+json errors, 400) so the lint holds for new endpoints too.
 */
export function applyDesignRules(doc: OpenAPIObject): OpenAPIObject {
  const problemRef = { $ref: '#/components/schemas/Problem' };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, any>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      op.responses ??= {};
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        if (/^[23]/.test(status)) response.headers = { ...versionHeader, ...(response.headers ?? {}) };
      }
      const errors = method === 'get' ? READ_ERRORS : WRITE_ERRORS;
      for (const status of errors) {
        op.responses[status] ??= { description: ERROR_RESPONSES[status] };
      }
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        if (/^[45]/.test(status)) {
          response.content = { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } };
          response.headers = { ...versionHeader, ...(response.headers ?? {}) };
        }
      }
      if (!op.operationId) op.operationId = `${method}${path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string) => (c ? c.toUpperCase() : ''))}`;
    }
  }
  return doc;
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Kaderflow API')
    .setDescription(
      'Het beleidskader maatschappelijke zorg van Holland Rijnland, van opdracht tot vaststelling: fasen, mijlpalen, ' +
        'besluiten, participatie en opgaven. Elke wijziging is een gebeurtenis; niets wordt overschreven. ' +
        'Antwoorden van 1 kB en meer komen gzip-gecomprimeerd (Content-Encoding: gzip) als het verzoek Accept-Encoding: gzip meestuurt; ' +
        'een antwoord met Cache-Control: no-store (een geheime sleutel) nooit.',
    )
    .setVersion(API_VERSION)
    .setContact('Kaderflow beheer', 'https://kaderflow.nl', 'beheer@kaderflow.nl')
    .setLicense('EUPL-1.2', 'https://eupl.eu/1.2/nl/')
    .addServer(API_BASE, 'Deze server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    ignoreGlobalPrefix: true,
    extraModels: [Problem],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}${methodKey.replace(/^./, (c) => c.toUpperCase())}`,
  });
  return applyDesignRules(doc);
}

/** Built on the first request for it rather than at start: scanning every route takes a few hundred ms. */
export function mountOpenApi(app: INestApplication): void {
  let doc: OpenAPIObject | undefined;
  const document = () => (doc ??= buildOpenApi(app));
  const http = app.getHttpAdapter();
  http.get(`${API_BASE}/openapi.json`, (_req: unknown, res: any) => {
    res.setHeader('API-Version', API_VERSION);
    res.json(document());
  });
  // The Swagger UI is the api's one set of HTML pages: a document's security headers, with its inline script and style.
  app.use(`${API_BASE}/docs`, setFixedHeaders(documentHeaders()));
  SwaggerModule.setup(`${API_BASE}/docs`, app, document, { useGlobalPrefix: false, jsonDocumentUrl: `${API_BASE}/docs-json` });
}
