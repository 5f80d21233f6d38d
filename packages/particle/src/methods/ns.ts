/** `/v1/orgs/<org>/<path>` for an organization, `/v1/<path>` for the user's sandbox. */
export const namespaced = (org: string | undefined, path: string): string =>
  org ? `/v1/orgs/${org}/${path}` : `/v1/${path}`;
