/**
 * YAML parsing behind one function, so the profile loader does not depend on js-yaml's major
 * version (3.x and 4.x differ in which `load` is safe) or on its type package being installed.
 */

interface JsYaml {
  load(source: string, options: { schema: unknown; filename?: string }): unknown;
  CORE_SCHEMA: unknown;
}

/**
 * Parse YAML into plain data. The core schema (strings, numbers, booleans, null, lists, maps) is safe
 * in every js-yaml version: no custom tags, no functions. Under it `no` stays the string "no"
 * (Norwegian), not YAML 1.1's false; a key given twice is an error.
 * @throws the parser's error (with line and column) on malformed YAML.
 */
export function parseYaml(source: string, filename: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('js-yaml') as JsYaml;
  return yaml.load(source, { schema: yaml.CORE_SCHEMA, filename });
}
