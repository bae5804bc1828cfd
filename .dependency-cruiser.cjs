// Checks that imports in src/ run one way (`npm run check:cycles`, part of `npm test`).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files import each other (type-only imports count): move the shared part below both.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      scope: 'folder',
      comment: 'Folders import each other: a folder is a layer, and imports run from higher layers to lower ones.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'errors-not-marshall',
      severity: 'error',
      comment: 'errors/ describes failures; reading server data (which needs marshall/) belongs in response/.',
      from: { path: '^src/errors/' },
      to: { path: '^src/marshall/' },
    },
    {
      name: 'streams-generic',
      severity: 'error',
      comment: 'streams/ is generic stream machinery: it knows no operation and no batch.',
      from: { path: '^src/streams/' },
      to: { path: '^src/(operations|batch|tables)/' },
    },
    {
      name: 'config-builds-nothing',
      severity: 'error',
      comment: 'config/ resolves options without side effects: the client builds the transport.',
      from: { path: '^src/config/' },
      to: { path: '^src/http/axios-transport' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
