// Score MetaMask's eth-phishing-detect (npm 1.2.0) on a stream of inputs.
// stdin: first line = JSON config for PhishingDetector (legacy object or array form),
//        then one JSON string per line (a host name or URL).
// stdout: one JSON object per input {result, type, match}, then a final {"elapsed_ms": …}.
// Hosts are normalised as MetaMask's phishing-controller does: WHATWG URL → hostname
// (lower-case, IDN → punycode).
'use strict';
const readline = require('readline');
const path = require('path');
const Detector = require(path.join(__dirname, 'node_modules', 'eth-phishing-detect', 'src', 'detector'));

const lines = [];
readline.createInterface({ input: process.stdin }).on('line', (l) => lines.push(l)).on('close', () => {
  const detector = new Detector(JSON.parse(lines[0]));
  const inputs = lines.slice(1).map((l) => JSON.parse(l));
  const hosts = inputs.map((value) => {
    try {
      return new URL(value.includes('://') ? value : 'http://' + value).hostname;
    } catch (e) {
      return null;
    }
  });
  const out = [];
  const t0 = process.hrtime.bigint();
  for (const host of hosts) {
    if (!host) { out.push({ result: false, type: 'invalid' }); continue; }
    const r = detector.check(host);
    out.push({ result: r.result, type: r.type, match: r.match || null });
  }
  // Timing: repeat the whole stream until at least 300 ms have passed.
  let checks = hosts.length;
  let elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  while (elapsed < 300 && hosts.length) {
    for (const host of hosts) if (host) detector.check(host);
    checks += hosts.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  for (const o of out) process.stdout.write(JSON.stringify(o) + '\n');
  process.stdout.write(JSON.stringify({ elapsed_ms: elapsed, checks }) + '\n');
});
