import json, sys, collections
p = json.load(open(sys.argv[1])); target = sys.argv[2]; depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
nodes = {n['id']: n for n in p['nodes']}
parent = {}
for n in p['nodes']:
    for c in n.get('children', []): parent[c] = n['id']
self_t = collections.Counter()
for s, d in zip(p['samples'], p['timeDeltas']): self_t[s] += d
# inclusive time per node
incl = collections.Counter()
for nid, t in self_t.items():
    cur = nid
    while cur is not None: incl[cur] += t; cur = parent.get(cur)
def name(n): cf = n['callFrame']; return f"{cf['functionName'] or '(anon)'} {cf['url'].split('/')[-1]}:{cf['lineNumber']}"
agg = collections.Counter()
for nid, n in nodes.items():
    if n['callFrame']['functionName'] == target:
        # skip if an ancestor is also target (avoid double count)
        cur = parent.get(nid); chain = []; anc_target = False
        while cur is not None:
            if nodes[cur]['callFrame']['functionName'] == target: anc_target = True
            chain.append(name(nodes[cur])); cur = parent.get(cur)
        if anc_target: continue
        agg[' < '.join(chain[:depth])] += incl[nid]
for k, t in agg.most_common(15): print(f"{t/1000:8.0f} {k}")
