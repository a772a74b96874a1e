import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_GITHUB_PROJECT_SLUG } from '@internal/plugin-delivery-common';
import {
  CATALOG_ANSWER_TTL_MS,
  CatalogAnswers,
} from '../service/EntityResolver';

/**
 * The catalog entities of a GitHub repository, asked with the plugin's own
 * credentials: a burst of webhook deliveries for one repository costs one
 * catalog request per `CATALOG_ANSWER_TTL_MS`.
 */
export class CatalogRepositories {
  private readonly answers = new CatalogAnswers(CATALOG_ANSWER_TTL_MS);

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  /** The entities whose `github.com/project-slug` is `repository` (`owner/repo`, any case). */
  async entitiesOf(repository: string): Promise<Entity[]> {
    const slug = repository.toLowerCase();
    const credentials = await this.auth.getOwnServiceCredentials();
    return this.answers.get(credentials, `repository:${slug}`, async () => {
      const { items } = await this.catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_GITHUB_PROJECT_SLUG}`]: slug,
          },
          fields: ['kind', 'metadata'],
        },
        { credentials },
      );
      return items.filter(
        e =>
          e.metadata.annotations?.[
            ANNOTATION_GITHUB_PROJECT_SLUG
          ]?.trim().toLowerCase() === slug,
      );
    });
  }
}
