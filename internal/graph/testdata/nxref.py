#!/usr/bin/python3
"""Reference metrics from networkx and igraph for Mosaic's graph tests.

Reads a JSON manifest on stdin: a list of jobs
  {"id": str, "path": edges.csv, "directed": bool, "weighted": bool,
   "membership": {node: community} or null}
and writes a JSON list of results on stdout, one per job, with networkx's
degree, degree_centrality, betweenness, closeness, eigenvector_centrality
and pagerank per node name (null with an error string when networkx
raises), networkx's modularity of the given membership, and the modularity
of igraph's community_leiden(objective_function="modularity").

Run with Debian's /usr/bin/python3 (python3-networkx, python3-igraph).
"""
import csv
import json
import random
import sys

import networkx as nx

try:
    import igraph as ig
except ImportError:  # igraph is optional for the networkx-only checks
    ig = None


def load(path, directed, weighted):
    G = nx.DiGraph() if directed else nx.Graph()
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        header = [h.strip().lower() for h in next(rows)]
        fi, ti = header.index("from"), header.index("to")
        wi = header.index("weight") if weighted else None
        for r in rows:
            if not r or (len(r) == 1 and r[0] == ""):
                continue
            u, v = r[fi], r[ti]
            w = float(r[wi]) if weighted else 1.0
            if u not in G:
                G.add_node(u)
            if v not in G:
                G.add_node(v)
            # Parallel edges are merged with weights added, as Mosaic does.
            if G.has_edge(u, v):
                G[u][v]["weight"] += w
            else:
                G.add_edge(u, v, weight=w)
    return G


def attempt(f):
    try:
        return {k: float(x) for k, x in f().items()}, None
    except Exception as e:  # networkx raises on non-convergence
        return None, type(e).__name__ + ": " + str(e)


def leiden_modularity(G, weighted, seed):
    if ig is None or G.is_directed() or G.number_of_edges() == 0:
        return None, None
    names = list(G.nodes())
    idx = {n: i for i, n in enumerate(names)}
    edges = [(idx[u], idx[v]) for u, v in G.edges()]
    h = ig.Graph(n=len(names), edges=edges, directed=False)
    w = None
    if weighted:
        h.es["weight"] = [d["weight"] for _, _, d in G.edges(data=True)]
        w = "weight"
    random.seed(seed)
    part = h.community_leiden(objective_function="modularity", weights=w)
    comms = [set(names[i] for i in c) for c in part]
    default = nx.community.modularity(G, comms, weight="weight" if weighted else None)
    # The strongest igraph we can ask for: iterate to convergence, best of 10.
    best = default
    for s in range(10):
        random.seed(seed + 1 + s)
        p = h.community_leiden(objective_function="modularity", weights=w, n_iterations=-1)
        q = nx.community.modularity(G, [set(names[i] for i in c) for c in p],
                                    weight="weight" if weighted else None)
        best = max(best, q)
    return default, best


def run(job):
    G = load(job["path"], job["directed"], job["weighted"])
    wt = "weight" if job["weighted"] else None
    out = {"id": job["id"], "n": G.number_of_nodes(), "m": G.number_of_edges()}
    if G.number_of_nodes() == 0:
        return out
    out["degree"] = {n: d for n, d in G.degree()}
    out["degree_centrality"], _ = attempt(lambda: nx.degree_centrality(G))
    out["betweenness"], _ = attempt(lambda: nx.betweenness_centrality(G, weight=wt))
    out["closeness"], _ = attempt(lambda: nx.closeness_centrality(G, distance=wt))
    out["eigenvector"], out["eigenvector_error"] = attempt(
        lambda: nx.eigenvector_centrality(G, weight=wt))
    out["pagerank"], out["pagerank_error"] = attempt(lambda: nx.pagerank(G, weight=wt))
    memb = job.get("membership")
    if memb:
        comms = {}
        for n, c in memb.items():
            comms.setdefault(c, set()).add(n)
        out["modularity_of_given"] = nx.community.modularity(G, list(comms.values()), weight=wt)
    if G.number_of_edges() > 0:
        if G.is_directed():
            part = nx.community.louvain_communities(G, weight=wt, seed=7)
            out["louvain_modularity"] = nx.community.modularity(G, part, weight=wt)
        else:
            out["igraph_leiden_modularity"], out["igraph_leiden_best_modularity"] = \
                leiden_modularity(G, job["weighted"], 42)
    return out


def main():
    jobs = json.load(sys.stdin)
    json.dump([run(j) for j in jobs], sys.stdout)


if __name__ == "__main__":
    main()
