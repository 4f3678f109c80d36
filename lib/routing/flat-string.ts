// Strings a compiled route keeps for its lifetime (ids, descriptions, match keys) are built with
// Array.prototype.join, not a template literal. V8 makes `${a}/${b}/${c}` a tree of cons strings
// (32 bytes a node, its pieces kept alive); join makes one flat string. With 1,000 Ingress paths
// that was ~12,000 cons strings, 0.4 MB of every gateway's heap (bench/gateway/RESULTS.md,
// "Lead, session 8").

/** The parts joined by `sep` into one flat string. */
export const flatJoin = (sep: string, ...parts: Array<string | number>): string => parts.join(sep);
