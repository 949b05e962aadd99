#!/usr/bin/env node
// Adds the hash of every migration (and every versioned SQL file a migration loads) that is not yet
// frozen. It never updates a hash: a committed migration is history, and a change is a new migration.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const listFile = path.join(root, 'src/database/migrations/frozen.json');

function frozenFiles() {
  const migrations = fs
    .readdirSync(path.join(root, 'src/database/migrations'))
    .filter((name) => /^\d{13}-.+\.ts$/.test(name))
    .map((name) => `src/database/migrations/${name}`);
  const sql = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (dir.endsWith('/sql') && entry.name.endsWith('.sql')) sql.push(relative);
    }
  };
  walk('src');
  return [...migrations, ...sql].sort();
}

function hashOf(file) {
  return createHash('sha256')
    .update(fs.readFileSync(path.join(root, file)))
    .digest('hex');
}

module.exports = { frozenFiles, hashOf, listFile };

if (require.main === module) {
  const list = fs.existsSync(listFile) ? JSON.parse(fs.readFileSync(listFile, 'utf8')) : {};
  for (const file of frozenFiles()) {
    if (!(file in list)) {
      list[file] = hashOf(file);
      console.log(`frozen ${file}`);
    }
  }
  fs.writeFileSync(listFile, `${JSON.stringify(list, null, 2)}\n`);
}
