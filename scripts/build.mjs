// Builds promstream: compiles the nearley grammars, then the server (dist/) and the tests (dist-test/).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

/** Every `*.ne` grammar under src/ becomes a sibling `*.generated.ts` module. */
function grammars(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return grammars(path);
    return name.endsWith('.ne') ? [path] : [];
  });
}

for (const grammar of grammars(join(root, 'src'))) {
  run(bin('nearleyc'), [grammar, '-o', grammar.replace(/\.ne$/, '.generated.ts'), '-q']);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
rmSync(join(root, 'dist-test'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.json']);
run(bin('tsc'), ['-p', 'tsconfig.test.json']);
