// Package graph holds Mosaic's graph algorithms over an abstract graph:
// a compact CSR (compressed sparse row) representation, centralities that
// reproduce networkx's conventions, Leiden communities, shortest and k
// shortest simple paths with hub avoidance, ego networks, and the engine of
// `mosaic graph analyze`.
//
// Nodes are int32 indices 0..N-1 with a name table; edges carry an int32 id
// that survives filtering, so a caller can keep its evidence per edge id and
// still read it back from any per-viewer view (see Graph.Filter).
//
// Conventions (all chosen so that results can be checked against networkx):
//   - Undirected self-loops are stored once in the adjacency and count 2 in
//     Degree, as in networkx.
//   - Parallel edges given to the Builder are merged and their weights added.
//   - When an algorithm is asked to use weights, centralities built on
//     shortest paths (betweenness, closeness) read a weight as a distance,
//     as networkx does; PageRank and eigenvector read it as a strength.
//     Path queries choose explicitly with a CostModel.
package graph
