/**
 * The layers of src/, bottom first: a module may import its own layer and the layers below it,
 * never one above, and never a sibling folder of the same level. `npm test` runs this check.
 */
const LAYERS = [
  ['common'],
  ['engine', 'state'],
  ['i18n'],
  ['directory'],
  ['understanding', 'admin', 'directline', 'speech', 'insights'],
  ['dialogs'],
  ['bot'],
  ['http'],
  ['app'],
];
const folder = (name) => (name === 'app' ? '^src/[^/]+\\.ts$|^src/cli/' : `^src/${name}/`);

const upward = LAYERS.slice(0, -1).flatMap((level, i) =>
  level.map((name) => ({
    name: `no-upward-from-${name}`,
    comment: `${name} may not import a layer above it`,
    severity: 'error',
    from: { path: folder(name) },
    to: {
      path: LAYERS.slice(i + 1)
        .flat()
        .map(folder)
        .join('|'),
    },
  })),
);
const sideways = LAYERS.flatMap((level) =>
  level.flatMap((name) =>
    level
      .filter((other) => other !== name)
      .map((other) => ({
        name: `no-sideways-${name}-to-${other}`,
        comment: `${name} and ${other} are on one level: neither imports the other`,
        severity: 'error',
        from: { path: folder(name) },
        to: { path: folder(other) },
      })),
  ),
);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
    ...upward,
    ...sideways,
    {
      name: 'http-only-in-src-http',
      comment: 'restify, cookies and helmet belong to the HTTP edge',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/http/' },
      to: { path: 'node_modules/(restify|cookie|helmet|ws)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-engine',
      comment: 'the tree engine imports no framework, storage or I/O',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: 'node_modules/(botbuilder|restify|lowdb|i18next)|^node:fs|^fs$', pathNot: 'node_modules/zod' },
    },
    {
      name: 'pure-search',
      comment: 'the directory search and presenters import no framework or storage',
      severity: 'error',
      from: { path: '^src/directory/', pathNot: '^src/directory/store\\.ts$' },
      to: { path: 'node_modules/(botbuilder|restify|lowdb)/' },
    },
    {
      name: 'no-tests-from-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
