/**
 * The study's display names by id, from the one table in loaders/lib/names.ts (shipped in
 * method.json): a page looks a row up by id (`N.model.head`, `N.protocol.paperSplit`), never by
 * typing a name or taking a list's first entry, so rewording a name cannot break a page.
 */
export function namesOf(method) {
  const n = method.names;
  const protocolId = Object.fromEntries(Object.entries(n.protocol).map(([id, name]) => [name, id]));
  return {
    ...n,
    /** The protocols' display names in the table's order (the paper's split first). */
    protocols: Object.values(n.protocol),
    /** A protocol's short name ("split by file") from its display name; any other value as it is. */
    short: (protocol) => n.protocolShort[protocolId[protocol]] ?? protocol
  };
}
