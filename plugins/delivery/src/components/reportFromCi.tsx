/**
 * A last step for a GitHub Actions job that posts one event to the delivery
 * events API (any CI can send the same request). `fields` are the JSON body's
 * lines, with the shell's and GitHub's variables in them.
 */
export function githubActionsStep(
  name: string,
  path: string,
  fields: string[],
): string {
  return `- name: ${name}
  if: always()
  run: |
    curl -sS --fail-with-body -X POST "$LAUNCHPAD_URL/api/delivery/events/${path}" \\
      -H "Authorization: Bearer $LAUNCHPAD_TOKEN" -H 'Content-Type: application/json' \\
      -d "{${fields.join(',\n           ')}}"
  env:
    LAUNCHPAD_URL: \${{ vars.LAUNCHPAD_URL }}
    LAUNCHPAD_TOKEN: \${{ secrets.LAUNCHPAD_DELIVERY_TOKEN }}`;
}

/** Which token CI sends events with, and who has it. */
export function CiToken() {
  return (
    <>
      the token your Launchpad administrator configures for CI (
      <code>DELIVERY_EVENTS_TOKEN</code>, an external-access token with the{' '}
      <code>delivery.events.create</code> permission)
    </>
  );
}
