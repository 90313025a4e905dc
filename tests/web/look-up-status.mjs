// Looks up a proposal's status with a client that swagger-typescript-api
// generated from docs/openapi.yaml, and prints the HTTP status and the
// answer's body as JSON: {"status": 200, "body": {...}}.
//
//   node tests/web/look-up-status.mjs CLIENT.js BASE_URL CODE LANG
import { pathToFileURL } from "node:url";

const [client, baseUrl, code, lang] = process.argv.slice(2);
const { Api } = await import(pathToFileURL(client).href);
const shortlist = new Api({ baseUrl });
try {
  const answer = await shortlist.api.lookUpStatus({ code, lang });
  console.log(JSON.stringify({ status: answer.status, body: answer.data }));
} catch (refused) {
  if (refused instanceof Error) throw refused;
  console.log(JSON.stringify({ status: refused.status, body: refused.error }));
}
