import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { loadRepository } from './events';

/** What the generated catalog calls its services and who owns them. */
export type CatalogShape = {
  /** The Component name of service `i`. */
  name: (i: number) => string;
  /** Its GitHub repository (`github.com/project-slug`). */
  repository: (i: number) => string;
  /**
   * Groups `team-0` … written with the Components, each owning an equal
   * block of consecutive services; without, `load-test` (no entity) owns
   * every service.
   */
  teams?: number;
};

/** The services of the load scenarios: `load-svc-N` in `load/svc-N`. */
export const LOAD_CATALOG: CatalogShape = {
  name: i => `load-svc-${i}`,
  repository: loadRepository,
};

export const teamName = (team: number) => `team-${team}`;

const group = (team: number) =>
  yaml.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: teamName(team) },
    spec: { type: 'team', children: [] },
  });

/**
 * Writes `count` Components, each built from its own GitHub repository
 * (`github.com/project-slug`), and the shape's Groups, as one multi-document
 * catalog file.
 */
export function writeLoadCatalog(
  directory: string,
  count: number,
  shape: CatalogShape = LOAD_CATALOG,
): string {
  const file = path.join(directory, 'load-components.yaml');
  const teams = shape.teams ?? 0;
  const ownerOf = (i: number) =>
    teams ? teamName(Math.floor((i * teams) / count)) : 'load-test';
  const documents = Array.from({ length: count }, (_, i) =>
    yaml.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: shape.name(i),
        annotations: { 'github.com/project-slug': shape.repository(i) },
      },
      spec: { type: 'service', lifecycle: 'production', owner: ownerOf(i) },
    }),
  );
  for (let team = 0; team < teams; team++) documents.push(group(team));
  fs.writeFileSync(file, documents.join('---\n'));
  return file;
}
