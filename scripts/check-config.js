// Parses the app-config files `yarn start` will load and names the file, line
// and column of the first YAML error, instead of the bare parser message.
// Usage: node scripts/check-config.js [--config file ...]
const fs = require('node:fs');
const path = require('node:path');
const { parseAllDocuments } = require('yaml');

const root = path.resolve(__dirname, '..');
// `backstage-cli repo start` resolves --config paths from the package folders.
const packageDir = path.join(root, 'packages', 'backend');

function configFiles(argv) {
  const explicit = argv.flatMap((arg, i) =>
    arg === '--config' && argv[i + 1] ? [argv[i + 1]] : [],
  );
  if (explicit.length > 0) {
    return explicit.map(file => path.resolve(packageDir, file));
  }
  return ['app-config.yaml', 'app-config.local.yaml']
    .map(file => path.join(root, file))
    .filter(file => fs.existsSync(file));
}

let failed = false;
for (const file of configFiles(process.argv.slice(2))) {
  const relative = path.relative(root, file);
  if (!fs.existsSync(file)) {
    console.error(`launchpad: config file ${relative} does not exist`);
    failed = true;
    continue;
  }
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const [error] = doc.errors;
    if (error) {
      const [line, column] = error.linePos?.[0]
        ? [error.linePos[0].line, error.linePos[0].col]
        : ['?', '?'];
      const reason = error.message
        .split('\n')[0]
        .replace(/ at line \d+, column \d+:?$/, '');
      console.error(
        `launchpad: ${relative} is not valid YAML (line ${line}, column ${column}): ${reason}`,
      );
      failed = true;
      break;
    }
  }
}
process.exit(failed ? 1 : 0);
