// Validates an OpenAPI document as swagger-cli does, with the library behind
// it: against the OpenAPI 3.0 schema, with every $ref resolved. Also checks
// that every operation has an operationId, which client generators name
// their methods after.
//
//   node tests/web/validate-openapi.mjs docs/openapi.yaml
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  const missing = [];
  for (const [path, operations] of Object.entries(api.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation.operationId) missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  if (missing.length > 0) throw new Error(`no operationId for ${missing.join(", ")}`);
  console.log(`${file}: valid OpenAPI ${api.openapi}`);
} catch (error) {
  console.error(`${file}: ${error.message}`);
  process.exit(1);
}
