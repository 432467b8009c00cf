#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// The browser half of the stack agreement test: runs every scenario of a corpus with fetch() in
// real headless Chromium against a real Django 3.2 + django-cors-headers 3.14 + DRF 3.14 stack
// (stack_server.py) and writes what happened in the shape of
// `cors-studio simulate NAME.settings.py --stack --routes NAME.routes.json --batch NAME.jsonl`.
//
//   node run_stack_agreement.mjs --out DIR [--corpus corpus] [--only a,b]
//                                [--chromium /usr/bin/chromium] [--python /usr/bin/python3] [-v]
//
// Corpus: NAME.settings.py + NAME.routes.json + NAME.jsonl (scenario lines, the format of
// tests/browser/README.md; `cookies` are set for the target URL's host).
// Output, per stack: OUT/NAME.browser.jsonl, one line per scenario:
//   {"id", "verdict", "preflight", "server_saw": [{"method", "url", "headers"}], "console",
//    "readable_headers", "status", "response_type", "response_url", "url_chain", "cors_error",
//    "net_error", "fetch_error", "log", "wire", "ms"}
// `url_chain`: the URLs Chromium requested for the fetch itself (preflights left out), in order,
// from the DevTools Network domain; `wire`: every request that reached Django (method, url,
// raw headers, status, response headers). OUT/server_requests.jsonl, OUT/run.json as well.
// Exit status: 0 done, 2 the harness could not run, 3 some scenarios hit harness errors.
//
// Reused from tests/browser (not copied): playwright-core from tests/browser/node_modules
// (tests/browser/setup.sh installs it) and the in-page request function pageRun() of
// tests/browser/run_agreement.mjs (read from that file: importing it would run its main()).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BROWSER_DIR = path.resolve(HERE, '..', '..', 'browser');

function parseArgs(argv) {
    const args = {
        corpus: path.join(HERE, 'corpus'), out: null, only: null, verbose: false, timeoutMs: 15000,
        chromium: process.env.CORS_CHROMIUM || '/usr/bin/chromium',
        python: process.env.CORS_SYSTEM_PYTHON || '/usr/bin/python3',
    };
    for (let i = 2; i < argv.length; ++i) {
        const a = argv[i];
        const next = () => {
            if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--corpus') args.corpus = next();
        else if (a === '--out') args.out = next();
        else if (a === '--only') args.only = next().split(',').filter(Boolean);
        else if (a === '--chromium') args.chromium = next();
        else if (a === '--python') args.python = next();
        else if (a === '--timeout-ms') args.timeoutMs = Number(next());
        else if (a === '--verbose' || a === '-v') args.verbose = true;
        else throw new Error(`unknown argument ${a}`);
    }
    if (!args.out) throw new Error('--out DIR is required');
    return args;
}

// pageRun(spec) of tests/browser/run_agreement.mjs: a self-contained function that runs one
// fetch()/XHR in the page and returns {ok, status, type, names} or {ok: false, error, network}.
function loadPageRun() {
    const source = fs.readFileSync(path.join(BROWSER_DIR, 'run_agreement.mjs'), 'utf8');
    const start = source.indexOf('async function pageRun(spec) {');
    const end = source.indexOf('\n}\n', start);
    if (start < 0 || end < 0) throw new Error('pageRun() not found in tests/browser/run_agreement.mjs');
    return source.slice(start, end + 2);
}

// The request headers kept in server_saw (compare_stack.py applies tests/browser/compare.py's
// rule on `wire` for the comparison; this is for reading the output).
const KEPT = ['origin', 'access-control-request-method', 'access-control-request-headers', 'authorization',
    'cookie', 'content-type', 'x-csrftoken', 'x-requested-with'];

function startServer(args, logPath) {
    return new Promise((resolve, reject) => {
        const child = spawn(args.python, [path.join(HERE, 'stack_server.py'), '--port', '0', '--log', logPath],
            { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => { stderr += d; if (args.verbose) process.stderr.write(d); });
        child.on('exit', (code) => reject(new Error(`stack_server.py exited with ${code}:\n${stderr}`)));
        readline.createInterface({ input: child.stdout }).once('line', (line) => {
            try { resolve({ child, ...JSON.parse(line) }); } catch (e) { reject(new Error(`server said: ${line}\n${stderr}`)); }
        });
    });
}

function control(port, method, pathAndQuery, payload) {
    return new Promise((resolve, reject) => {
        const body = payload === undefined ? '' : JSON.stringify(payload);
        const req = http.request({ host: '127.0.0.1', port, method, path: pathAndQuery,
            headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
            let data = '';
            res.setEncoding('utf8');
            res.on('data', (c) => { data += c; });
            res.on('end', () => { try { resolve(JSON.parse(data)); } catch (e) { reject(new Error(`bad control answer: ${data}`)); } });
        });
        req.on('error', reject);
        req.end(body);
    });
}

function readJsonLines(file) {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('//'))
        .map((l, i) => { try { return JSON.parse(l); } catch (e) { throw new Error(`${file}:${i + 1}: ${e.message}`); } });
}

function listStacks(corpus, only) {
    return fs.readdirSync(corpus).filter((f) => f.endsWith('.settings.py'))
        .map((f) => f.slice(0, -'.settings.py'.length))
        .filter((n) => fs.existsSync(path.join(corpus, `${n}.routes.json`)) && fs.existsSync(path.join(corpus, `${n}.jsonl`)))
        .filter((n) => !only || only.includes(n)).sort();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One fresh browser context per scenario (or per `session` name, shared in file order): empty
// HTTP cache (301s are cacheable), preflight cache and cookie jar.
async function newContext(browser) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sess = { context, page, cdp, log: [], net: [], waiters: new Set(), origin: null };
    const add = (list, item) => { list.push(item); for (const check of [...sess.waiters]) check(); };
    cdp.on('Log.entryAdded', (e) => add(sess.log, e.entry));
    cdp.on('Network.requestWillBeSent', (e) => add(sess.net, { kind: 'request', id: e.requestId, type: e.type,
        url: e.request.url, method: e.request.method, redirect_status: e.redirectResponse ? e.redirectResponse.status : null }));
    cdp.on('Network.loadingFailed', (e) => add(sess.net, { kind: 'failed', id: e.requestId, type: e.type,
        error: e.errorText, cors: e.corsErrorStatus ? e.corsErrorStatus.corsError : null }));
    await cdp.send('Log.enable');
    await cdp.send('Network.enable');
    return sess;
}

// Resolves true as soon as done() holds (checked again on every Log and Network event), false if
// `ms` pass first: the deadline only bounds a wait that has gone wrong.
function waitForEvents(sess, done, ms) {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
        const finish = (value) => { clearTimeout(timer); sess.waiters.delete(check); resolve(value); };
        const check = () => { if (done()) finish(true); };
        const timer = setTimeout(() => finish(false), ms);
        sess.waiters.add(check);
    });
}

// Generous: on a loaded machine the events arrive within milliseconds of the fetch settling.
const EVENTS_DEADLINE_MS = 20000;

async function runScenario(args, port, sess, scenario, pageRunSource) {
    if (scenario.cookies) {
        const cookies = scenario.cookies.split(';').map((c) => c.trim()).filter(Boolean).map((c) => {
            const eq = c.indexOf('=');
            return { name: c.slice(0, eq), value: c.slice(eq + 1), url: new URL('/', scenario.url).href };
        });
        await sess.context.addCookies(cookies);
    }
    if (scenario.advance) await sleep(scenario.advance * 1000);
    if (sess.origin !== scenario.origin) {
        await sess.page.goto(`${scenario.origin}/__cs/page`);
        sess.origin = scenario.origin;
    }
    const bound = await control(port, 'POST', '/__cs/bind', { id: scenario.id });
    if (!bound.ok) throw new Error(`bind failed: ${JSON.stringify(bound)}`);
    const logStart = sess.log.length;
    const netStart = sess.net.length;
    const spec = {
        url: scenario.url, method: scenario.method || 'GET', headers: scenario.headers || {},
        credentials: scenario.credentials, body: scenario.body ?? null, body_kind: scenario.body_kind,
        blob_type: scenario.blob_type, mode: scenario.mode, cache: scenario.cache, api: scenario.api,
        upload_listeners: scenario.upload_listeners, duplex: scenario.duplex,
    };
    const result = await Promise.race([
        sess.page.evaluate(`(${pageRunSource})(${JSON.stringify(spec)})`),
        sleep(args.timeoutMs).then(() => ({ ok: false, error: 'harness: request timed out', network: false })),
    ]);

    // Console lines may still be on their way when the promise has settled (the reasoning is in
    // tests/browser/run_agreement.mjs): a round trip on the listening session brings in what the
    // renderer logged before it settled the promise. A request that failed in the network stack
    // is complete once Chromium's trailing "Failed to load resource" line is in and the browser
    // process's Network.loadingFailed for one of the fetch's requests (it is not ordered with
    // the renderer's messages); a second round trip brings in anything logged with that line.
    const entries = () => sess.log.slice(logStart);
    let eventsIncomplete = null;
    await sess.cdp.send('Runtime.evaluate', { expression: '0' });
    if (result.network) {
        const complete = () => {
            const since = sess.net.slice(netStart);
            const ids = new Set(since.filter((n) => n.kind === 'request').map((n) => n.id));
            return entries().some((e) => e.text.startsWith('Failed to load resource'))
                && since.some((n) => n.kind === 'failed' && ids.has(n.id));
        };
        if (!await waitForEvents(sess, complete, EVENTS_DEADLINE_MS)) {
            eventsIncomplete = `harness: the request failed in the network stack but its "Failed to load resource" `
                + `line and Network.loadingFailed did not both arrive within ${EVENTS_DEADLINE_MS} ms`;
        }
        await sess.cdp.send('Runtime.evaluate', { expression: '0' });
    }

    const logEntries = entries().map((e) => ({ source: e.source, level: e.level, text: e.text }));
    const consoleLines = logEntries.filter((e) => e.level === 'error' && !e.text.startsWith('Failed to load resource'))
        .map((e) => e.text);
    const net = sess.net.slice(netStart).filter((n) => !(n.url || '').includes('/__cs/'));
    // The fetch's own hops: Chromium reports its preflights as requests too (same type), so an
    // OPTIONS is left out unless the script's method is OPTIONS.
    const scriptOptions = (scenario.method || 'GET').toUpperCase() === 'OPTIONS';
    const hops = net.filter((n) => n.kind === 'request' && n.type !== 'Preflight' && (scriptOptions || n.method !== 'OPTIONS'));
    const fetchIds = new Set(hops.map((n) => n.id));
    const urlChain = hops.map((n) => n.url);
    const failed = sess.net.slice(netStart).find((n) => n.kind === 'failed' && fetchIds.has(n.id));
    const wire = await control(port, 'GET', `/__cs/log?id=${encodeURIComponent(scenario.id)}`);

    return {
        id: scenario.id,
        verdict: result.ok ? 'allowed' : 'blocked',
        preflight: wire.some((w) => w.method === 'OPTIONS'
            && w.headers.some(([n]) => n.toLowerCase() === 'access-control-request-method')),
        server_saw: wire.map((w) => ({ method: w.method, url: w.url, status: w.status,
            headers: Object.fromEntries(w.headers.filter(([n]) => KEPT.includes(n.toLowerCase()))
                .map(([n, v]) => [n.toLowerCase(), v])) })),
        console: consoleLines.join('\n'),
        readable_headers: result.ok ? [...result.names].sort() : [],
        status: result.ok ? result.status : null,
        response_type: result.ok ? result.type : null,
        url_chain: urlChain,
        cors_error: failed ? failed.cors : null,
        net_error: failed ? failed.error : null,
        fetch_error: result.ok ? null : result.error,
        log: logEntries,
        network: net,
        wire: wire.map((w) => ({ method: w.method, url: w.url, headers: w.headers, body_length: w.body_length, status: w.status,
            response_headers: w.response_headers })),
        // compare_stack.py counts a scenario with a harness_error as having no usable result.
        ...(eventsIncomplete ? { harness_error: eventsIncomplete } : {}),
    };
}

async function main() {
    const args = parseArgs(process.argv);
    fs.mkdirSync(args.out, { recursive: true });
    const stacks = listStacks(args.corpus, args.only);
    if (stacks.length === 0) throw new Error(`no NAME.settings.py + NAME.routes.json + NAME.jsonl in ${args.corpus}`);
    let chromium;
    try {
        ({ chromium } = createRequire(path.join(BROWSER_DIR, 'package.json'))('playwright-core'));
    } catch (e) {
        throw new Error(`playwright-core is not installed (run tests/browser/setup.sh): ${e.message}`);
    }
    const pageRunSource = loadPageRun();

    const serverLog = path.join(args.out, 'server_requests.jsonl');
    fs.writeFileSync(serverLog, '');
    const started = Date.now();
    const { child, port, tls } = await startServer(args, serverLog);
    const stopServer = () => { try { child.kill('SIGTERM'); } catch (e) { /* gone */ } };
    process.on('exit', stopServer);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

    const rules = [`MAP *.test 127.0.0.1:${port}`, `MAP localhost 127.0.0.1:${port}`,
        `MAP 127.0.0.1 127.0.0.1:${port}`].join(',');
    const browser = await chromium.launch({
        executablePath: args.chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--no-first-run', '--disable-quic', '--disable-sync', '--ignore-certificate-errors',
            `--host-resolver-rules=${rules}`],
    });
    const run = { chromium: browser.version(), server_port: port, tls, stacks: {} };
    let total = 0;
    let failures = 0;
    try {
        for (const name of stacks) {
            const loaded = await control(port, 'POST', '/__cs/stack', {
                settings: path.resolve(args.corpus, `${name}.settings.py`),
                routes: path.resolve(args.corpus, `${name}.routes.json`) });
            if (!loaded.ok) throw new Error(`${name}: ${loaded.error}`);
            const scenarios = readJsonLines(path.join(args.corpus, `${name}.jsonl`));
            const t0 = Date.now();
            const sessions = new Map();
            const lines = [];
            for (const scenario of scenarios) {
                let out;
                const tStart = Date.now();
                let sess = null;
                try {
                    if (scenario.session) {
                        if (!sessions.has(scenario.session)) sessions.set(scenario.session, await newContext(browser));
                        sess = sessions.get(scenario.session);
                    } else sess = await newContext(browser);
                    out = await runScenario(args, port, sess, scenario, pageRunSource);
                    out.ms = Date.now() - tStart;
                    if (out.harness_error) failures++;
                } catch (e) {
                    failures++;
                    out = { id: scenario.id, harness_error: String(e && e.stack || e) };
                } finally {
                    if (sess && !scenario.session) await sess.context.close().catch(() => {});
                }
                lines.push(JSON.stringify(out));
                if (args.verbose) {
                    process.stderr.write(`${name} #${scenario.id}: ${out.verdict} ${out.status ?? ''} `
                        + `${(out.server_saw || []).map((s) => `${s.method} ${s.url} ${s.status}`).join(' | ')}`
                        + `${out.console ? ` || ${out.console}` : ''}${out.harness_error ? ` || ${out.harness_error}` : ''}\n`);
                }
            }
            for (const s of sessions.values()) await s.context.close().catch(() => {});
            fs.writeFileSync(path.join(args.out, `${name}.browser.jsonl`), lines.join('\n') + '\n');
            run.stacks[name] = { scenarios: scenarios.length, seconds: (Date.now() - t0) / 1000 };
            total += scenarios.length;
            process.stdout.write(`browser: ${name}: ${scenarios.length} scenarios in ${run.stacks[name].seconds.toFixed(1)} s\n`);
        }
    } finally {
        await browser.close();
        stopServer();
    }
    run.total_scenarios = total;
    run.harness_errors = failures;
    run.seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(path.join(args.out, 'run.json'), JSON.stringify(run, null, 2) + '\n');
    process.stdout.write(`browser: ${total} scenarios, ${stacks.length} stacks, Chromium ${run.chromium}, `
        + `${run.seconds.toFixed(1)} s${failures ? `, ${failures} HARNESS ERRORS` : ''}\n`);
    process.exit(failures ? 3 : 0);
}

main().catch((e) => {
    process.stderr.write(`run_stack_agreement: ${e && e.stack || e}\n`);
    process.exit(2);
});
