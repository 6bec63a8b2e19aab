import json, sys, collections
p = json.load(open(sys.argv[1]))
nodes = {n['id']: n for n in p['nodes']}
self_t = collections.Counter()
dt = p['timeDeltas']; samples = p['samples']
for s, d in zip(samples, dt):
    self_t[s] += d
total = sum(dt)
parent = {}
for n in p['nodes']:
    for c in n.get('children', []): parent[c] = n['id']
def key(n):
    cf = n['callFrame']; u = cf['url'].split('node_modules/')[-1] if 'node_modules' in cf['url'] else cf['url'].replace('file:///work/main/','')
    return f"{cf['functionName'] or '(anon)'} {u}:{cf['lineNumber']}"
byfn = collections.Counter(); byfile = collections.Counter()
for nid, t in self_t.items():
    n = nodes[nid]; byfn[key(n)] += t
    u = n['callFrame']['url']
    if 'node_modules' in u:
        parts = u.split('node_modules/')[-1].split('/')
        f = '/'.join(parts[:2]) if parts[0].startswith('@') else parts[0]
        if 'playwright-core' in u: f = 'pw-core/' + '/'.join(u.split('playwright-core/')[-1].split('/')[1:3])
    elif u.startswith('node:') or u == '': f = u or n['callFrame']['functionName']
    else: f = u.replace('file:///work/main/','')
    byfile[f] += t
# inclusive by frame key
incl = collections.Counter()
for nid, t in self_t.items():
    seen = set(); cur = nid
    while cur is not None:
        k = key(nodes[cur])
        if k not in seen: incl[k] += t; seen.add(k)
        cur = parent.get(cur)
print(f"total {total/1000:.0f} ms")
print("-- self by file/pkg"); [print(f"{t/1000:8.0f} {k}") for k, t in byfile.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 25)]
print("-- self by fn"); [print(f"{t/1000:8.0f} {k}") for k, t in byfn.most_common(25)]
print("-- inclusive"); [print(f"{t/1000:8.0f} {k}") for k, t in incl.most_common(40)]
