import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

// scripts/check-config.js runs before `scripts/launchpad start`.
const script = path.resolve(
  resolvePackagePath('backend'),
  '../../scripts/check-config.js',
);

function checkConfig(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-config-'));
  const args = Object.entries(files).flatMap(([name, content]) => {
    fs.writeFileSync(path.join(dir, name), content);
    return ['--config', path.join(dir, name)];
  });
  const result = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

describe('scripts/check-config.js', () => {
  it('accepts well-formed config files', () => {
    const result = checkConfig({
      'app-config.local.yaml': 'backend:\n  listen:\n    port: 7007\n',
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('names the file, line and column of a YAML error in one line', () => {
    const result = checkConfig({
      'app-config.yaml': 'app:\n  title: Fine\n',
      'app-config.local.yaml': 'backend:\n  listen:\n    port: [unclosed\n',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^launchpad: .*app-config\.local\.yaml is not valid YAML \(line 4, column 1\): Flow sequence/,
    );
  });

  it('says when a config file does not exist', () => {
    const result = spawnSync(
      process.execPath,
      [script, '--config', '/nonexistent/app-config.yaml'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('config file');
    expect(result.stderr).toContain('does not exist');
  });
});
