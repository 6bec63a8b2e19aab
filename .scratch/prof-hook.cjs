const inspector = require('node:inspector');
const fs = require('node:fs');
const s = new inspector.Session(); s.connect();
s.post('Profiler.enable', () => s.post('Profiler.setSamplingInterval', { interval: 500 }, () => s.post('Profiler.start')));
let done = false;
function stop() {
  if (done) return; done = true;
  s.post('Profiler.stop', (err, { profile }) => {
    const name = `/tmp/prof/${process.pid}-${(process.argv[1]||'x').split('/').slice(-2).join('_')}.cpuprofile`;
    fs.writeFileSync(name, JSON.stringify(profile));
  });
}
process.on('exit', stop);
for (const sig of ['SIGTERM', 'SIGINT']) process.prependListener(sig, () => { stop(); });
