import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

describe('README: Generate your own', () => {
  const section = readFileSync('README.md', 'utf8').split('## Generate your own')[1]?.split('\n## ')[0] ?? '';

  it("gives the openapi-typescript command that writes exactly the shipped types, from the package's contract", () => {
    const command = /^ {4}(npx openapi-typescript .*)$/m.exec(section)?.[1];
    assert.ok(command, 'the section shows an `npx openapi-typescript` command');
    const [, tool, ...args] = command.split(/\s+/);
    assert.equal(tool, 'openapi-typescript');
    const output = args[args.indexOf('-o') + 1]!;
    // A project as a user has it: the contract where `npm i coord-parking` puts it.
    const project = mkdtempSync(join(tmpdir(), 'coord-generate-'));
    try {
      mkdirSync(join(project, 'node_modules', 'coord-parking'), { recursive: true });
      copyFileSync('spec/openapi.yaml', join(project, 'node_modules', 'coord-parking', 'openapi.yaml'));
      execFileSync(resolve('node_modules/.bin/openapi-typescript'), args, { cwd: project, stdio: 'pipe' });
      assert.ok(
        readFileSync(join(project, output), 'utf8') === readFileSync('generated/openapi.ts', 'utf8'),
        'the output differs from generated/openapi.ts',
      );
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('names the exports that builds use, each of which the client package exports', () => {
    const exports = JSON.parse(readFileSync('packages/coord-parking/package.json', 'utf8')).exports as Record<string, unknown>;
    for (const specifier of ['coord-parking/openapi.yaml', 'coord-parking/openapi', 'coord-parking/contract']) {
      assert.ok(section.includes(`\`${specifier}\``), `${specifier} in the section`);
      assert.ok(exports[specifier.replace('coord-parking', '.')], `${specifier} in the package's exports`);
    }
  });
});
