// Pending changesets (.changeset/*.md), read with the changesets project's own reader.
import readChangesets from "@changesets/read";

/** package name -> ids of the pending changesets that bump it by a major. */
export async function pendingMajors(root) {
  const read = readChangesets.default ?? readChangesets;
  const majors = new Map();
  for (const changeset of await read(root))
    for (const release of changeset.releases)
      if (release.type === "major")
        majors.set(release.name, [...(majors.get(release.name) ?? []), changeset.id]);
  return majors;
}
