#!/usr/bin/python3
"""Times igraph's PageRank on an edge-list CSV whose node names are integer
indices (as written by graph.WriteEdgeCSV), for Mosaic's benchmark.

usage: igraph_pagerank.py EDGES.csv [directed]
Loads the file, prints {"load_s", "n", "m"} as one JSON line, then serves
commands read from stdin, one per line, so the caller can interleave
igraph's runs with its own (both then see the same machine load):
  run        time one pagerank call; prints {"wall_s", "cpu_s"}
  save PATH  write the last PageRank vector (little-endian float64, by node
             index) to PATH; prints {}
Only the pagerank call is timed; reading the file is load_s.
"""
import json
import sys
import time

import igraph as ig
import numpy as np


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    path = sys.argv[1]
    directed = len(sys.argv) > 2 and sys.argv[2] == "directed"
    t0 = time.perf_counter()
    edges = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    n = int(edges.max()) + 1
    g = ig.Graph(n=n, edges=edges, directed=directed)
    del edges
    say({"load_s": time.perf_counter() - t0, "n": g.vcount(), "m": g.ecount()})
    pr = None
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "run":
            w, c = time.perf_counter(), time.process_time()
            pr = g.pagerank(damping=0.85, directed=directed)
            say({"wall_s": time.perf_counter() - w, "cpu_s": time.process_time() - c})
        elif cmd[0] == "save":
            np.asarray(pr, dtype="<f8").tofile(cmd[1])
            say({})
        elif cmd[0] == "quit":
            break


if __name__ == "__main__":
    main()
