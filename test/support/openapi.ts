/**
 * Validates HTTP requests (and responses) against the providers' OpenAPI files in test/specs/.
 *
 * Built on openapi-backend (framework-agnostic OpenAPI router + Ajv request/response validator):
 * - routing (method + path template, 404 vs 405), path/query/header parameters with type
 *   coercion, request-body schemas and `requestBody.required`, response schemas per status;
 * - security requirements are resolved by openapi-backend (operation-level overrides, OR of
 *   requirement objects, AND within one); the per-scheme check (Authorization header present
 *   and using the declared HTTP scheme) is the handler registered below.
 *
 * What openapi-backend does not do, and is added here:
 * - OpenAPI 3.1: its schema compiler is Ajv's draft-07 class and its document check uses the
 *   3.0 meta-schema. For 3.1 documents the schemas are compiled with Ajv's 2020-12 class
 *   (the 3.1 dialect) and the 3.0 document check is skipped.
 * - formats: ajv-formats is added to every Ajv instance, so `uuid`, `date-time`, ... are enforced.
 * - a body sent to an operation that declares no requestBody is an error, and a body must come
 *   with a Content-Type the operation declares.
 * - null alternatives are dropped from parameter schemas (see withoutNull), since Ajv's type
 *   coercion of query strings would otherwise let "0" or "" pass as null.
 */
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import ajvFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';
import type { AjvCustomizer, Context, Document, Operation, Request as LibraryRequest } from 'openapi-backend';

export type Provider = 'talkover' | 'retell' | 'diga' | 'langdock' | 'elevenlabs';

export interface RequestToValidate {
  method: string;
  /** e.g. /api/v1/agents/<id>/publish: no query, relative to the spec's server (Langdock: without /api/public). */
  path: string;
  query: Record<string, string>;
  /** lower-case names */
  headers: Record<string, string>;
  /** raw body, '' when none */
  body: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The spec file of a provider: test/specs/<provider>.yaml (verbatim copies; never read /work/shared). */
export function specPath(provider: Provider): string {
  return fileURLToPath(new URL(`../specs/${provider}.yaml`, import.meta.url));
}

function isOpenApi31(document: Document | undefined): boolean {
  return typeof document?.openapi === 'string' && document.openapi.startsWith('3.1');
}

class SpecBackend extends OpenAPIBackend {
  /** openapi-backend checks documents against the OpenAPI 3.0 meta-schema only. */
  override validateDefinition(): Document {
    return isOpenApi31(this.document) ? this.document : super.validateDefinition();
  }
}

/** What the handlers of one handleRequest call share. */
interface Sink {
  provider: Provider;
  request: RequestToValidate;
  errors: string[];
}

const backends = new Map<Provider, Promise<SpecBackend>>();

/** Loads, checks and compiles a provider's spec once. */
function backendFor(provider: Provider): Promise<SpecBackend> {
  let loading = backends.get(provider);
  if (!loading) {
    loading = createBackend(provider);
    backends.set(provider, loading);
  }
  return loading;
}

async function createBackend(provider: Provider): Promise<SpecBackend> {
  const customizeAjv: AjvCustomizer = (ajv, ajvOpts) => {
    // Called during init(), after the document is loaded. For OpenAPI 3.1 the JSON Schema dialect
    // is 2020-12: Ajv2020 replaces the draft-07 Ajv; both extend AjvCore and have the same API.
    const target = isOpenApi31(backend.document) ? new Ajv2020(ajvOpts) : ajv;
    ajvFormats.default(target);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Ajv2020 is used as Ajv on purpose (see above)
    return target;
  };
  const backend = new SpecBackend({
    definition: specPath(provider),
    strict: true,
    // Each Ajv validator is compiled when its operation is first validated: a test file sends a few of a
    // spec's operations, and compiling them all took most of an in-process test file's time.
    quick: true,
    ignoreTrailingSlashes: false,
    // verbose: errors carry the offending value, for readable messages
    ajvOpts: { allErrors: true, verbose: true },
    customizeAjv,
    handlers: {
      notFound: (_context: Context, sink: Sink) => {
        sink.errors.push(unknownOperationMessage(backend, sink));
      },
      methodNotAllowed: (_context: Context, sink: Sink) => {
        sink.errors.push(unknownOperationMessage(backend, sink));
      },
      unauthorizedHandler: (context: Context, sink: Sink) => {
        sink.errors.push(...securityMessages(context));
        // openapi-backend stops at the failed security check; validate the rest as well
        const validation = backend.validator.validateRequest(
          toLibraryRequest(sink.request),
          context.operation,
        );
        sink.errors.push(...formatAjvErrors(validation.errors ?? [], 'request'));
        sink.errors.push(...bodyPresenceMessages(context.operation, sink.request));
      },
      validationFail: (context: Context, sink: Sink) => {
        sink.errors.push(...formatAjvErrors(context.validation.errors ?? [], 'request'));
        sink.errors.push(...bodyPresenceMessages(context.operation, sink.request));
      },
      // no operation handlers are registered: a request that passed security and validation ends here
      notImplemented: (context: Context, sink: Sink) => {
        sink.errors.push(...bodyPresenceMessages(context.operation, sink.request));
      },
    },
  });
  // quick mode skips loading and checking the document before dereferencing it: done here instead.
  await backend.loadDocument();
  backend.validateDefinition();
  await backend.init();
  // Before any validator is compiled (quick mode compiles them on first use).
  dropNullFromParameterSchemas(backend);
  for (const [name, scheme] of Object.entries(backend.definition.components?.securitySchemes ?? {})) {
    if (!('$ref' in scheme)) backend.registerSecurityHandler(name, securityHandler(name, scheme));
  }
  return backend;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A parameter serialized into a URL or header is a string, never JSON null: a `type: 'null'`
 * branch (3.1, FastAPI's Optional[...]) or `nullable` (3.0) there means "may be absent".
 * openapi-backend coerces parameters with Ajv's coerceTypes, which turns "", "0" and "false"
 * into null, so such a branch would let e.g. Diga's `page=0` (anyOf: [integer >= 1, null]) pass.
 * The null alternatives are dropped from parameter schemas, then the validators are recompiled.
 */
function withoutNull(schema: unknown): unknown {
  if (!isRecord(schema)) return schema;
  const rest = Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'nullable'));
  if (Array.isArray(rest.type)) rest.type = rest.type.filter((t) => t !== 'null');
  for (const key of ['anyOf', 'oneOf']) {
    const branches = rest[key];
    if (!Array.isArray(branches)) continue;
    const kept = branches.filter((b) => !(isRecord(b) && b.type === 'null' && Object.keys(b).length === 1));
    if (kept.length === branches.length) continue;
    const others = Object.fromEntries(Object.entries(rest).filter(([k]) => k !== key));
    return kept.length === 1 && isRecord(kept[0]) ? { ...others, ...kept[0] } : { ...others, [key]: kept };
  }
  return rest;
}

function dropNullFromParameterSchemas(backend: SpecBackend): boolean {
  let changed = false;
  for (const operation of backend.router.getOperations()) {
    for (const parameter of operation.parameters ?? []) {
      if ('$ref' in parameter || parameter.schema === undefined) continue;
      const schema = withoutNull(parameter.schema);
      if (JSON.stringify(schema) !== JSON.stringify(parameter.schema)) {
        // the dereferenced definition is shared by the router and the validator
        (parameter as { schema: unknown }).schema = schema;
        changed = true;
      }
    }
  }
  return changed;
}

type SecurityScheme = Exclude<
  NonNullable<NonNullable<Document['components']>['securitySchemes']>[string],
  { $ref: string }
>;

/** Checks one security scheme; throws a readable Error when the request does not satisfy it. */
function securityHandler(name: string, scheme: SecurityScheme) {
  return (_context: Context, sink: Sink): true => {
    const { headers, query } = sink.request;
    if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      const expected = scheme.type === 'http' ? scheme.scheme : 'bearer';
      const authorization = headers.authorization;
      if (authorization === undefined || authorization.trim() === '') {
        throw new Error(`missing Authorization header (security scheme "${name}" requires "${expected}")`);
      }
      const match = /^(\S+) +(\S.*)$/.exec(authorization);
      const used = match?.[1];
      if (used?.toLowerCase() !== expected.toLowerCase()) {
        throw new Error(
          `Authorization header must use the "${expected}" scheme (security scheme "${name}"), got "${used ?? authorization}"`,
        );
      }
      if (expected.toLowerCase() === 'bearer' && !/^[A-Za-z0-9\-._~+/]+=*$/.test(match?.[2] ?? '')) {
        throw new Error(
          `Authorization header's bearer token is not a valid b64token (security scheme "${name}")`,
        );
      }
      return true;
    }
    // apiKey
    const present =
      scheme.in === 'header'
        ? headers[scheme.name.toLowerCase()] !== undefined
        : scheme.in === 'query'
          ? query[scheme.name] !== undefined
          : (headers.cookie ?? '').split(';').some((part) => part.trim().startsWith(`${scheme.name}=`));
    if (!present)
      throw new Error(`missing API key ${scheme.in} "${scheme.name}" (security scheme "${name}")`);
    return true;
  };
}

function securityMessages(context: Context): string[] {
  const messages: string[] = [];
  for (const [name, result] of Object.entries(context.security)) {
    if (name === 'authorized') continue;
    const error: unknown = (result as { error?: unknown } | undefined)?.error;
    messages.push(error instanceof Error ? error.message : `security scheme "${name}" not satisfied`);
  }
  return messages.length > 0 ? messages : ['security requirements not satisfied'];
}

function unknownOperationMessage(backend: SpecBackend, sink: Sink): string {
  const { method, path } = sink.request;
  const others = HTTP_METHODS.flatMap((m) => {
    const operation = backend.router.matchOperation({ method: m, path, headers: {} });
    return operation ? [`${m.toUpperCase()} ${operation.path}`] : [];
  });
  return others.length > 0
    ? `${sink.provider}: no ${method.toUpperCase()} operation for ${path} (declared: ${others.join(', ')})`
    : `${sink.provider}: no operation matches ${method.toUpperCase()} ${path}`;
}

function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  const [declaredType, declaredSubtype] = declared.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.split('/');
  return (
    (declaredType === '*' || declaredType === actualType) &&
    (declaredSubtype === '*' || declaredSubtype === actualSubtype)
  );
}

/** What openapi-backend does not check: a body where none is declared, and the body's Content-Type. */
function bodyPresenceMessages(operation: Operation, request: RequestToValidate): string[] {
  const id = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.path}`;
  if (request.body === '') return [];
  const requestBody = operation.requestBody;
  if (requestBody === undefined || '$ref' in requestBody) {
    return [
      `${id} declares no request body, but the request has one (${request.body.length} bytes): send none`,
    ];
  }
  const declared = Object.keys(requestBody.content);
  const actual = mediaType(request.headers['content-type']);
  if (actual === undefined) {
    return [
      `Content-Type header is missing for a request with a body; ${id} expects ${declared.join(' or ')}`,
    ];
  }
  if (!declared.some((type) => mediaTypeMatches(type, actual))) {
    return [`Content-Type ${actual} is not accepted by ${id}; expected ${declared.join(' or ')}`];
  }
  return [];
}

/** A copy with lower-case header names (the interface asks for them; this makes sure). */
function normalized(request: RequestToValidate): RequestToValidate {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return { ...request, headers };
}

function toLibraryRequest(request: RequestToValidate): LibraryRequest {
  return {
    method: request.method,
    path: request.path,
    headers: { ...request.headers },
    query: { ...request.query },
    ...(request.body === '' ? {} : { body: request.body }),
  };
}

// ---------------------------------------------------------------------------------------------
// Ajv errors -> readable strings

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function propertyPath(segments: readonly string[]): string {
  return segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('');
}

const PARAMETER_GROUPS: Record<string, string> = {
  path: 'path parameter',
  query: 'query parameter',
  header: 'header',
  cookie: 'cookie',
};

/** Where an Ajv instancePath points, in words. */
function location(instancePath: string, root: 'request' | 'response'): string {
  const segments = instancePath.split('/').slice(1).map(unescapePointer);
  if (root === 'response') return `response body${propertyPath(segments)}`;
  const [group, name, ...rest] = segments;
  if (group === undefined) return 'request';
  if (group === 'requestBody') return `body${propertyPath(name === undefined ? [] : [name, ...rest])}`;
  const label = PARAMETER_GROUPS[group] ?? group;
  return name === undefined ? `${label}s` : `${label} "${name}"${propertyPath(rest)}`;
}

function shown(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const SHOWS_VALUE = new Set([
  'type',
  'format',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'multipleOf',
]);

function describe(error: ErrorObject, root: 'request' | 'response', withValue = true): string {
  const where = location(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      if (root === 'request' && error.instancePath === '') {
        return missing === 'requestBody'
          ? 'request body is required but missing'
          : `${PARAMETER_GROUPS[missing] ?? missing}s are required but missing`;
      }
      return `${location(`${error.instancePath}/${missing}`, root)} is required but missing`;
    }
    case 'additionalProperties':
      return `${location(`${error.instancePath}/${String(params.additionalProperty)}`, root)} is not declared`;
    case 'parse':
      return `${root === 'request' ? 'body' : 'response body'} is not valid JSON: ${error.message ?? ''}`;
    default: {
      const message =
        error.keyword === 'enum'
          ? `must be one of ${(params.allowedValues as unknown[]).map(shown).join(', ')}`
          : (error.message ?? error.keyword);
      if (!withValue || !SHOWS_VALUE.has(error.keyword)) return `${where} ${message}`;
      const got =
        (error.keyword === 'maxLength' || error.keyword === 'minLength') && typeof error.data === 'string'
          ? `${error.data.length} characters`
          : shown(error.data);
      return `${where} ${message}, got ${got}`;
    }
  }
}

/** Formats Ajv errors; the branch errors of a failed anyOf/oneOf are folded into one line. */
function formatAjvErrors(errors: readonly ErrorObject[], root: 'request' | 'response'): string[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchOf = (e: ErrorObject) =>
    combinators.find((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`));
  const messages: string[] = [];
  for (const error of errors) {
    if (branchOf(error)) continue;
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const branches = errors
        .filter((e) => branchOf(e) === error && !(e.keyword === 'anyOf' || e.keyword === 'oneOf'))
        .map((e) => describe(e, root, false).replace(`${location(error.instancePath, root)} `, ''));
      const word = error.keyword === 'anyOf' ? 'any' : 'exactly one';
      messages.push(
        `${location(error.instancePath, root)} must match ${word} of the allowed schemas (${branches.join(' | ')}), got ${shown(error.data)}`,
      );
      continue;
    }
    messages.push(describe(error, root));
  }
  return [...new Set(messages)];
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Validates one request against the provider's OpenAPI file.
 * Resolves to [] when it is valid, else to readable error strings.
 */
export async function validateRequest(provider: Provider, request: RequestToValidate): Promise<string[]> {
  const backend = await backendFor(provider);
  const sink: Sink = { provider, request: normalized(request), errors: [] };
  await backend.handleRequest(toLibraryRequest(sink.request), sink);
  return sink.errors;
}

type ResponseEntry = NonNullable<Operation['responses']>[string];

/**
 * Validates a response to `request` against the provider's OpenAPI file: the status must be
 * declared (exactly, as NXX or default); a JSON body must match that response's schema; a
 * response that declares no content must have an empty body.
 */
export async function validateResponse(
  provider: Provider,
  request: RequestToValidate,
  status: number,
  bodyText: string,
): Promise<string[]> {
  const backend = await backendFor(provider);
  const operation = backend.router.matchOperation(toLibraryRequest(request));
  if (!operation) return [unknownOperationMessage(backend, { provider, request, errors: [] })];
  const id = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.path}`;
  const responses: Record<string, ResponseEntry> = operation.responses ?? {};
  const key = [String(status), `${String(Math.floor(status / 100))}XX`, 'default'].find(
    (k) => k in responses,
  );
  const response = key === undefined ? undefined : responses[key];
  if (response === undefined) {
    return [`${id}: status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`];
  }
  if ('$ref' in response) return [`${id}: response ${key ?? ''} is an unresolved $ref`];
  const json = response.content?.['application/json'];
  if (response.content === undefined || Object.keys(response.content).length === 0) {
    return bodyText.trim() === ''
      ? []
      : [`${id}: status ${status} declares no body, but the response has one (${bodyText.length} bytes)`];
  }
  if (json?.schema === undefined) return []; // not a JSON response: nothing this helper can check
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (error) {
    return [
      `${id}: response body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    ];
  }
  const result = backend.validator.validateResponse(body, operation, status);
  return formatAjvErrors(result.errors ?? [], 'response').map((message) => `${id} ${status}: ${message}`);
}
