import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  backend,
  guestToken,
  screenshot,
  signInAndWatchEachTest,
} from './signIn';

const repositories = path.resolve(__dirname, '../../.data/e2e-repositories');

// The run renders six skeleton layers and registers the result; the catalog
// then processes the new location before the component page has it.
test.describe.configure({ timeout: 240_000 });

signInAndWatchEachTest();

/** Clicks Next (or Review) and expects the form to stay on this step with the message. */
async function expectRefused(page: Page, button: string, message: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByText(message).first()).toBeVisible();
}

test('a TypeScript service is created on the embedded default, refusing bad input before the run', async ({
  page,
}) => {
  const name = `e2e-orders-${Date.now().toString(36)}`;

  await page.getByRole('link', { name: 'Create', exact: true }).click();
  // The card of the template: the nearest element around its title that has a Choose button.
  await page
    .getByRole('heading', { name: 'TypeScript HTTP service', level: 4 })
    .locator('xpath=ancestor::*[.//button[normalize-space()="Choose"]][1]')
    .getByRole('button', { name: 'Choose' })
    .click();

  const nameInput = page.getByRole('textbox', { name: 'Name' });
  const owner = page.getByRole('textbox', { name: 'Owner' });
  const chooseOwner = async () => {
    await owner.click();
    await page.getByRole('option').filter({ hasText: 'Payments' }).click();
  };
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Takes orders from the web shop and the app');
  await nameInput.fill(name);

  // An owner typed in that is no catalog group is not taken: the field
  // empties, and the browser asks for an owner instead of moving on.
  await owner.fill('no-such-team');
  await owner.blur();
  await expect(owner).toHaveValue('');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  expect(
    await owner.evaluate(
      input => (input as HTMLInputElement).validity.valueMissing,
    ),
  ).toBe(true);
  await screenshot(page, 'create-service-unknown-owner');
  await chooseOwner();
  // Typed over a chosen group, it goes back to that group.
  await owner.fill('no-such-team');
  await owner.blur();
  await expect(owner).toHaveValue('group:default/payments');

  // A name that breaks a rule: refused in words, with no pattern shown.
  await nameInput.fill('Orders_API');
  await expectRefused(
    page,
    'Next',
    'Use only lowercase letters (a to z), digits and hyphens: no capitals, spaces, dots or underscores.',
  );
  await expect(page.getByText(/must match pattern|\^\[a-z\]/)).toHaveCount(0);
  await screenshot(page, 'create-service-bad-name');

  // A name the catalog already has: refused before the task starts.
  await nameInput.fill('payments-api');
  await expectRefused(
    page,
    'Next',
    'The name payments-api is already taken in the catalog (by the component payments-api). Choose another name.',
  );
  await screenshot(page, 'create-service-existing-name');

  await nameInput.fill(name);
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // The embedded default publishes locally and says so instead of asking for GitHub.
  await expect(
    page.getByText(/local git repositories on the Launchpad server/),
  ).toBeVisible();
  await screenshot(page, 'create-service-repository');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // AWS: an account id that is not one is refused in words; then the
  // defaults (no account on the embedded default).
  const account = page.getByRole('textbox', { name: 'AWS account id' });
  await account.fill('12345');
  await expectRefused(
    page,
    'Next',
    'An AWS account id is 12 digits, for example 123456789012.',
  );
  await expect(page.getByText(/must match pattern/)).toHaveCount(0);
  await account.fill('');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  const onCall = page.getByRole('textbox', { name: 'On-call contact' });
  await onCall.fill('orders team');
  await expectRefused(
    page,
    'Review',
    'Give an e-mail address (oncall@example.com) or a chat channel that starts with # (#orders-oncall).',
  );
  await onCall.fill('#orders-oncall');
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(page.getByText(name).first()).toBeVisible();
  await screenshot(page, 'create-service-review');
  await page.getByRole('button', { name: 'Create', exact: true }).click();

  // The run finishes; the log says what was skipped and what creates it later.
  await expect(
    page.getByRole('link', { name: 'Open in the catalog' }),
  ).toBeVisible({ timeout: 180_000 });
  // No link the browser refuses among the outputs: the local repository
  // comes as a command to copy, and there is no Repository link.
  const repoDir = path.join(repositories, name);
  await expect(
    page.getByRole('code').filter({ hasText: `git clone ${repoDir}` }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Repository' })).toHaveCount(0);
  await expect(
    page.getByRole('link', { name: 'Open in the catalog' }),
  ).toHaveAttribute('href', `/catalog/default/component/${name}`);
  // The task is named by its template and service, not by its id.
  await expect(
    page.getByText(`TypeScript HTTP service: ${name}`, { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByText(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
    ),
  ).toHaveCount(0);
  await screenshot(page, 'create-service-task');

  // The log (open once the run ends) says what was skipped and what creates
  // it later; its search box finds the lines.
  const logSearch = page.getByRole('textbox', { name: 'Search' });
  await logSearch.fill('Skipped: ECR');
  await expect(
    page.getByText(
      `Skipped: ECR repository ${name}, because AWS is not configured for this portal. Nothing was created; the generated repository's Terraform and its deploy workflow create it later.`,
      { exact: false },
    ),
  ).toBeVisible();
  await screenshot(page, 'create-service-log-ecr-skipped');
  await logSearch.fill('Skipped: Repository settings');
  await expect(
    page.getByText(
      'because the repository was published locally, not on GitHub. Nothing was created',
      { exact: false },
    ),
  ).toBeVisible();

  expect(
    execFileSync('git', ['-C', repoDir, 'log', '--format=%an|%s'], {
      encoding: 'utf8',
    }).trim(),
  ).toBe('Launchpad|Initial commit from Launchpad');

  // The catalog processes a new location asynchronously: the entity page
  // would answer 404 until it has, so wait for the catalog's API to serve it.
  const token = await guestToken(page);
  await expect
    .poll(
      async () =>
        (
          await page.request.get(
            `${backend}/api/catalog/entities/by-name/component/default/${name}`,
            { headers: { authorization: `Bearer ${token}` } },
          )
        ).status(),
      { timeout: 90_000 },
    )
    .toBe(200);
  await page.getByRole('link', { name: 'Open in the catalog' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(
    page.getByText('Takes orders from the web shop and the app').first(),
  ).toBeVisible();
  await screenshot(page, 'create-service-component');

  // Its Delivery, Pipelines and Health tabs say how data will arrive.
  await page.getByRole('link', { name: 'Delivery', exact: true }).click();
  await expect(page.getByRole('note', { name: 'No data yet' })).toBeVisible();
  await screenshot(page, 'create-service-delivery-empty');
  await page.getByRole('link', { name: 'Pipelines', exact: true }).click();
  await expect(
    page.getByRole('note', { name: 'No pipeline runs yet' }),
  ).toBeVisible();
  await screenshot(page, 'create-service-pipelines-empty');
  await page.getByRole('link', { name: 'Health', exact: true }).click();
  await expect(page.getByLabel('Overall status')).toBeVisible();
  await expect(
    page.getByText(/Deployments arrive through the delivery events API/),
  ).toBeVisible();
  await screenshot(page, 'create-service-health-empty');

  // Its docs, built by TechDocs from the local repository.
  await page.getByRole('link', { name: 'TechDocs', exact: true }).click();
  await expect(page).toHaveURL(/\/docs$/);
  // The docs' own title (the page's header names the entity one level below).
  const docsTitle = page.getByRole('heading', { name, exact: true, level: 1 });
  await expect(docsTitle).toBeVisible({ timeout: 120_000 });
  // The first visit builds the docs; TechDocs then checks the build and
  // shows the content again.
  await expect(page.getByRole('progressbar')).toHaveCount(0, {
    timeout: 120_000,
  });
  await expect(docsTitle).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Where things are' }),
  ).toBeVisible();
  await screenshot(page, 'create-service-docs');
});
