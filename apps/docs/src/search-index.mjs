// Search across the operations of every API: a MiniSearch index built here, loaded as is by the browser.
import MiniSearch from "minisearch";
import { redocAnchor } from "./openapi.mjs";

// Shared with static/search.js through the index file, so both sides always agree.
export const SEARCH_OPTIONS = {
  idField: "id",
  fields: ["operationId", "words", "summary", "description", "path", "apiTitle", "tags", "command"],
  storeFields: ["operationId", "summary", "path", "method", "apiTitle", "url", "command"],
};

export function buildSearchIndex(apis) {
  const search = new MiniSearch(SEARCH_OPTIONS);
  const docs = apis.flatMap(({ api, operations, cliCommands }) =>
    operations.map((op) => ({
      id: `${api.id}.${op.operationId}`,
      operationId: op.operationId,
      // camelCase split into words, so "drop" finds dropUser and "privilege v2" finds grantPrivilegeV2
      words: op.operationId.replace(/([a-z0-9])([A-Z])/g, "$1 $2"),
      summary: op.summary,
      description: op.description,
      path: op.path,
      method: op.method.toUpperCase(),
      apiTitle: api.title,
      tags: op.tags.join(" "),
      command: cliCommands?.get(op.operationId) ?? "",
      url: `${api.id}/index.html#${redocAnchor(op)}`,
    })),
  );
  search.addAll(docs);
  return { options: SEARCH_OPTIONS, index: search.toJSON(), count: docs.length };
}
