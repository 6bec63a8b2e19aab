import json, sys, collections
p = json.load(open(sys.argv[1]))
nodes = {n['id']: n for n in p['nodes']}
parent = {}
for n in p['nodes']:
    for c in n.get('children', []): parent[c] = n['id']
self_t = collections.Counter()
for s, d in zip(p['samples'], p['timeDeltas']): self_t[s] += d
incl = collections.Counter()
for nid, t in self_t.items():
    cur = nid
    while cur is not None: incl[cur] += t; cur = parent.get(cur)
agg = collections.Counter()
for nid, n in nodes.items():
    cf = n['callFrame']
    if cf['lineNumber'] == 0 and cf['functionName'] in ('', '(anon)') and cf['url']:
        agg[cf['url'].replace('file:///work/main/', '')] += incl[nid]
for k, t in agg.most_common(25): print(f"{t/1000:8.0f} {k}")
