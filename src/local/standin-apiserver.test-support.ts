// A stand-in for the API server process, for the supervisor's own tests: it honours the local ↔ apiserver contract
// (reads --config, serves HTTPS with the given certificate, answers /readyz, writes its pid file, exits on
// SIGTERM) and nothing else, so supervisor tests do not depend on the real server.
export const STANDIN_APISERVER_SOURCE = `
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { dirname, join } from 'node:path';
const config = JSON.parse(readFileSync(process.argv[process.argv.indexOf('--config') + 1], 'utf8'));
if (process.env.STANDIN_FAIL) { console.error('standin: refusing to start'); process.exit(3); }
const tokens = readFileSync(config.tokenFile, 'utf8').split('\\n').filter(Boolean).map((l) => l.split(',')[0]);
const server = createServer({ cert: readFileSync(config.certFile), key: readFileSync(config.keyFile) }, (req, res) => {
  const ok = tokens.some((t) => req.headers.authorization === 'Bearer ' + t);
  res.writeHead(ok ? 200 : 401, { 'content-type': 'text/plain' });
  res.end(ok ? 'ok' : 'Unauthorized');
});
server.listen(config.port, config.host, () => {
  writeFileSync(join(dirname(config.dataDir), 'apiserver.pid'), String(process.pid));
  appendFileSync(join(config.dataDir, 'starts'), 'start\\n');
  console.log('standin listening on ' + config.port);
});
process.on('SIGTERM', () => { if (!process.env.STANDIN_IGNORE_TERM) server.close(() => process.exit(0)); });
`;
