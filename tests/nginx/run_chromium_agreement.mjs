#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// The browser half of nginx/chromium_agreement: runs scenario lines with fetch() in real
// headless Chromium against a real nginx (already listening on 127.0.0.1:PORT, in front of the
// real Django stack of tests/stack/browser/stack_server.py) and writes, per scenario, what
// Chromium did: {"id", "verdict", "status", "console", "cors_error", "net_error", "fetch_error"}.
//
//   node run_chromium_agreement.mjs --port PORT --scenarios FILE.jsonl --out FILE.jsonl
//                                   [--chromium /usr/bin/chromium] [--timeout-ms 60000]
//
// Every *.test host (any port) resolves to the nginx socket (--host-resolver-rules), so the
// scenarios use realistic origins; the page is ORIGIN/__cs/page, which nginx proxies to the
// harness server. Reused from tests/browser (not copied): playwright-core from
// tests/browser/node_modules and the in-page request function pageRun() of
// tests/browser/run_agreement.mjs. Exit status: 0 done, 2 the harness could not run,
// 3 a scenario hit a harness error.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BROWSER_DIR = path.resolve(HERE, '..', 'browser');

function parseArgs(argv) {
    const args = { port: 0, scenarios: null, out: null, timeoutMs: 60000,
        chromium: process.env.CORS_CHROMIUM || '/usr/bin/chromium' };
    for (let i = 2; i < argv.length; ++i) {
        const a = argv[i];
        const next = () => {
            if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--port') args.port = Number(next());
        else if (a === '--scenarios') args.scenarios = next();
        else if (a === '--out') args.out = next();
        else if (a === '--chromium') args.chromium = next();
        else if (a === '--timeout-ms') args.timeoutMs = Number(next());
        else throw new Error(`unknown argument ${a}`);
    }
    if (!args.port || !args.scenarios || !args.out) throw new Error('--port, --scenarios and --out are required');
    return args;
}

function loadPageRun() {
    const source = fs.readFileSync(path.join(BROWSER_DIR, 'run_agreement.mjs'), 'utf8');
    const start = source.indexOf('async function pageRun(spec) {');
    const end = source.indexOf('\n}\n', start);
    if (start < 0 || end < 0) throw new Error('pageRun() not found in tests/browser/run_agreement.mjs');
    return source.slice(start, end + 2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function runScenario(args, browser, scenario, pageRunSource) {
    const context = await browser.newContext();
    try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        const log = [];
        const net = [];
        cdp.on('Log.entryAdded', (e) => log.push(e.entry));
        cdp.on('Network.requestWillBeSent', (e) => net.push({ kind: 'request', id: e.requestId, type: e.type,
            method: e.request.method, url: e.request.url }));
        cdp.on('Network.loadingFailed', (e) => net.push({ kind: 'failed', id: e.requestId, type: e.type,
            error: e.errorText, cors: e.corsErrorStatus ? e.corsErrorStatus.corsError : null }));
        await cdp.send('Log.enable');
        await cdp.send('Network.enable');
        await page.goto(`${scenario.origin}/__cs/page`, { timeout: args.timeoutMs });
        const logStart = log.length;
        const netStart = net.length;
        const spec = { url: scenario.url, method: scenario.method || 'GET', headers: scenario.headers || {},
            credentials: scenario.credentials, body: scenario.body ?? null, body_kind: scenario.body_kind, mode: scenario.mode };
        const result = await Promise.race([
            page.evaluate(`(${pageRunSource})(${JSON.stringify(spec)})`),
            sleep(args.timeoutMs).then(() => ({ ok: false, error: 'harness: request timed out', network: false })),
        ]);
        // Console lines arrive through the Log domain, possibly after the promise settled: poll
        // to a deadline for Chromium's trailing "Failed to load resource" of a failed fetch.
        const entries = () => log.slice(logStart);
        const deadline = Date.now() + 30000;
        while (!result.ok && result.network && Date.now() < deadline
               && !entries().some((e) => e.text.startsWith('Failed to load resource'))) {
            await cdp.send('Runtime.evaluate', { expression: '0' });
            await sleep(20);
        }
        await cdp.send('Runtime.evaluate', { expression: '0' });
        const consoleLines = entries().filter((e) => e.level === 'error' && !e.text.startsWith('Failed to load resource'))
            .map((e) => e.text);
        const failed = net.slice(netStart).find((n) => n.kind === 'failed' && n.cors);
        const requests = net.slice(netStart).filter((n) => n.kind === 'request' && !n.url.includes('/__cs/'));
        return {
            id: scenario.id,
            verdict: result.ok ? 'allowed' : 'blocked',
            status: result.ok ? result.status : 0,
            console: consoleLines.join('\n'),
            cors_error: failed ? failed.cors : null,
            net_error: failed ? failed.error : null,
            fetch_error: result.ok ? null : result.error,
            requests: requests.map((n) => `${n.type === 'Preflight' ? 'preflight ' : ''}${n.method} ${n.url}`),
        };
    } finally {
        await context.close().catch(() => {});
    }
}

async function main() {
    const args = parseArgs(process.argv);
    let chromium;
    try {
        ({ chromium } = createRequire(path.join(BROWSER_DIR, 'package.json'))('playwright-core'));
    } catch (e) {
        throw new Error(`playwright-core is not installed (run tests/browser/setup.sh): ${e.message}`);
    }
    const pageRunSource = loadPageRun();
    const scenarios = fs.readFileSync(args.scenarios, 'utf8').split('\n').filter((l) => l.trim())
        .map((l) => JSON.parse(l));
    const browser = await chromium.launch({
        executablePath: args.chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--no-first-run', '--disable-quic', '--disable-sync',
            `--host-resolver-rules=MAP *.test 127.0.0.1:${args.port}`],
    });
    let failures = 0;
    const lines = [];
    try {
        for (const scenario of scenarios) {
            let out;
            try {
                out = await runScenario(args, browser, scenario, pageRunSource);
            } catch (e) {
                failures++;
                out = { id: scenario.id, harness_error: String(e && e.stack || e) };
            }
            lines.push(JSON.stringify(out));
        }
    } finally {
        await browser.close();
    }
    fs.writeFileSync(args.out, lines.join('\n') + '\n');
    process.exit(failures ? 3 : 0);
}

main().catch((e) => {
    process.stderr.write(`run_chromium_agreement: ${e && e.stack || e}\n`);
    process.exit(2);
});
