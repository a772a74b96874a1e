import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { loadRepository } from './events';

/**
 * Writes `count` Components, each built from its own GitHub repository
 * (`github.com/project-slug`), as one multi-document catalog file.
 */
export function writeLoadCatalog(directory: string, count: number): string {
  const file = path.join(directory, 'load-components.yaml');
  const documents = Array.from({ length: count }, (_, i) =>
    yaml.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `load-svc-${i}`,
        annotations: { 'github.com/project-slug': loadRepository(i) },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'load-test' },
    }),
  );
  fs.writeFileSync(file, documents.join('---\n'));
  return file;
}
