#!/usr/bin/python3
"""Regenerates testdata/golden.json: networkx's metrics for the small
synthetic graphs in testdata/small (run from internal/graph:
/usr/bin/python3 testdata/golden.py > testdata/golden.json)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import nxref  # noqa: E402

JOBS = [
    ("path5", False, False),
    ("weighted_mixed", False, False),
    ("weighted_mixed", False, True),
    ("directed", True, False),
    ("directed", True, True),
    ("clusters", False, False),
]

out = []
for name, directed, weighted in JOBS:
    r = nxref.run({"id": name, "path": os.path.join(os.path.dirname(__file__), "small", name + ".csv"),
                   "directed": directed, "weighted": weighted, "membership": None})
    # Modularity of the partition "by first letter of the name".
    G = nxref.load(os.path.join(os.path.dirname(__file__), "small", name + ".csv"), directed, weighted)
    groups = {}
    for v in G:
        groups.setdefault(v[0], set()).add(v)
    r["modularity_by_first_letter"] = nxref.nx.community.modularity(
        G, list(groups.values()), weight="weight" if weighted else None)
    r["directed"], r["weighted"], r["file"] = directed, weighted, name + ".csv"
    for k in ("igraph_leiden_modularity", "igraph_leiden_best_modularity", "louvain_modularity"):
        r.pop(k, None)
    out.append(r)
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
