/**
 * For the reply tests that kill a sender with SIGKILL: the start of a child script (node -e) that
 * loads the TypeScript sources through a transpile-only require hook and the reply modules, so the
 * child runs the very code under test without a build.
 */

/** Defines `root`, `Redis`, `createReviewStore`, `createMailer`, `createSentFolder`, `createReplyService` (needs ROOT in the env). */
export const CHILD_PRELUDE = `
const ts = require('typescript'); const fs = require('fs');
require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'),
  { fileName: f, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, f);
const root = process.env.ROOT;
const Redis = require(root + '/node_modules/ioredis').default;
const { createReviewStore } = require(root + '/src/review/store.ts');
const { createMailer } = require(root + '/src/replies/mailer.ts');
const { createSentFolder } = require(root + '/src/replies/sent-folder.ts');
const { createReplyService } = require(root + '/src/replies/service.ts');
`;
