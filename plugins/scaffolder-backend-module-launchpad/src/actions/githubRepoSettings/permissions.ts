/** The permission each section needs, for error messages and the README. */
export const PERMISSIONS = {
  repository:
    'read access to the repository (fine-grained: Metadata read; classic: repo)',
  branchProtection:
    'admin rights on the repository (fine-grained: Administration write; classic: repo)',
  environments:
    'admin rights on the repository (fine-grained: Administration write, plus Members read on the organisation to resolve team reviewers; classic: repo, read:org)',
  variables: 'fine-grained: Variables write (classic: repo)',
  secrets: 'fine-grained: Secrets write (classic: repo)',
  teams:
    'admin rights on the repository and access to the team (fine-grained: Administration write on the repository, Members read on the organisation; classic: repo, read:org)',
  topics: 'fine-grained: Administration write (classic: repo)',
  webhook: 'fine-grained: Webhooks write (classic: admin:repo_hook)',
};
