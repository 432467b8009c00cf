#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// The browser half of the Firefox agreement test: runs the corpus's scenarios with fetch() (or
// XMLHttpRequest) in real headless Firefox ESR (Debian's /usr/bin/firefox-esr, driven over
// WebDriver BiDi with puppeteer-core) against the real django-cors-headers 3.14
// (django_server.py), and writes what happened in the shape of
// `cors-studio simulate POLICY --batch FILE --browser firefox`.
//
//   node run_agreement_firefox.mjs --out DIR [--corpus corpus] [--only a,b] [--max N]
//                                  [--firefox /usr/bin/firefox-esr] [--python /usr/bin/python3] [-v]
//
// Network: loopback only. Firefox cannot remap ports by host name, so django_server.py is also
// its HTTP proxy (network.proxy.*, localhost included): every origin of the corpus
// (http://app.test, http://api.test:8000, http://localhost:3000, ...) reaches the one server.
// Clean state: a new browser context (Firefox's user context: its own preflight cache and
// cookies) per scenario, or per "session" name within a policy file.
// Console lines: the CORS messages Firefox logs arrive as BiDi log entries (puppeteer's
// 'pageerror'); after each request the page makes one more CORS request that Firefox blocks
// (a harness page without Access-Control-Allow-Origin) and the harness waits for that line, so
// every line of the scenario's request has arrived before it (same logging path, in order).
// Exit status: 0 done, 2 the harness could not run, 3 some scenarios hit harness errors.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { pageRun } from './page_run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
    const args = {
        corpus: path.join(HERE, 'corpus'), out: null, only: null, max: 0,
        firefox: process.env.CORS_FIREFOX || '/usr/bin/firefox-esr',
        python: process.env.CORS_SYSTEM_PYTHON || '/usr/bin/python3',
        verbose: false, timeoutMs: 15000,
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
        else if (a === '--max') args.max = Number(next());
        else if (a === '--firefox') args.firefox = next();
        else if (a === '--python') args.python = next();
        else if (a === '--verbose' || a === '-v') args.verbose = true;
        else throw new Error(`unknown argument ${a}`);
    }
    if (!args.out) throw new Error('--out DIR is required');
    return args;
}

// Keep in step with compared_header_names() in compare.py.
const BROWSER_OWNED = new Set(['host', 'connection', 'user-agent', 'accept-encoding', 'content-length',
    'cookie', 'referer', 'origin', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest']);
const PREFLIGHT_BROWSER_OWNED = new Set(['accept', 'accept-language']);
const CORS_REQUEST_HEADERS = ['origin', 'access-control-request-method', 'access-control-request-headers'];

function comparedHeaderNames(scenario, method) {
    const names = new Set(CORS_REQUEST_HEADERS);
    for (const name of Object.keys(scenario.headers || {})) {
        const lower = name.toLowerCase();
        if (BROWSER_OWNED.has(lower) || lower.startsWith('sec-') || lower.startsWith('proxy-')) continue;
        if (method === 'OPTIONS' && PREFLIGHT_BROWSER_OWNED.has(lower)) continue;
        names.add(lower);
    }
    if (scenario.cookies) names.add('cookie');
    return names;
}

function compactEntry(scenario, entry) {
    const names = comparedHeaderNames(scenario, entry.method);
    const headers = {};
    for (const [name, value] of entry.headers) {
        const lower = name.toLowerCase();
        if (!names.has(lower)) continue;
        headers[lower] = lower in headers ? `${headers[lower]}, ${value}` : value;
    }
    return { method: entry.method, headers };
}

function startServer(args, logPath) {
    return new Promise((resolve, reject) => {
        const child = spawn(args.python, [path.join(HERE, 'django_server.py'), '--port', '0', '--log', logPath],
            { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => { stderr += d; if (args.verbose) process.stderr.write(d); });
        child.on('exit', (code) => reject(new Error(`django_server.py exited with ${code}:\n${stderr}`)));
        const rl = readline.createInterface({ input: child.stdout });
        rl.once('line', (line) => {
            try { resolve({ child, port: JSON.parse(line).port }); } catch (e) {
                reject(new Error(`unexpected server output: ${line}\n${stderr}`));
            }
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
        .map((l) => JSON.parse(l));
}

// What this harness cannot drive in Firefox, or what the simulator words only as Chromium does.
function unsupported(scenario) {
    if (scenario.body_kind === 'stream') return 'ReadableStream bodies';
    if (scenario.origin === 'null') return 'opaque origin page';
    if (scenario.cookies) return 'cookies';
    if (scenario.advance) return 'waiting';
    return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SENTINEL_HOST = 'http://sentinel.test';

async function newSession(browser) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const log = [];
    page.on('pageerror', (e) => log.push(String(e && e.message !== undefined ? e.message : e)));
    page.on('console', (m) => { if (m.type() === 'error') log.push(m.text()); });
    return { context, page, log, origin: undefined };
}

async function runScenario(args, port, sess, scenario, sequence) {
    if (sess.origin !== scenario.origin) {
        await sess.page.goto(`${scenario.origin}/__cs/page`);
        sess.origin = scenario.origin;
    }
    const bound = await control(port, 'POST', '/__cs/bind', {
        id: scenario.id, endpoint_headers: scenario.endpoint_headers || {},
        endpoint_status: scenario.endpoint_status, preflight_headers: scenario.preflight_headers,
        preflight_status: scenario.preflight_status,
    });
    if (!bound.ok) throw new Error(`bind failed: ${JSON.stringify(bound)}`);
    const logStart = sess.log.length;
    const spec = {
        url: scenario.url, method: scenario.method || 'GET', headers: scenario.headers || {},
        credentials: scenario.credentials, body: scenario.body ?? null, body_kind: scenario.body_kind,
        blob_type: scenario.blob_type, mode: scenario.mode, cache: scenario.cache, api: scenario.api,
        upload_listeners: scenario.upload_listeners,
    };
    const result = await Promise.race([
        sess.page.evaluate(pageRun, spec),
        sleep(args.timeoutMs).then(() => ({ ok: false, error: 'harness: request timed out' })),
    ]);
    // The sentinel: a CORS request Firefox blocks, logged after everything of the scenario.
    const sentinelUrl = `${SENTINEL_HOST}/__cs/page?sentinel=${sequence}`;
    await sess.page.evaluate((u) => fetch(u).then(() => 0, () => 0), sentinelUrl);
    const deadline = Date.now() + 10000;
    const sentinelIndex = () => sess.log.findIndex((l, i) => i >= logStart && l.includes(sentinelUrl));
    while (sentinelIndex() < 0 && Date.now() < deadline) await sleep(20);
    const end = sentinelIndex();
    if (end < 0) throw new Error('the sentinel line never arrived');
    const lines = sess.log.slice(logStart, end);
    sess.log.splice(logStart, sess.log.length - logStart);
    const wire = await control(port, 'GET', `/__cs/log?id=${encodeURIComponent(scenario.id)}`);
    return {
        id: scenario.id,
        engine: 'firefox',
        verdict: result.ok ? 'allowed' : 'blocked',
        preflight: wire.some((w) => w.method === 'OPTIONS'
            && w.headers.some(([n]) => n.toLowerCase() === 'access-control-request-method')),
        server_saw: wire.map((w) => compactEntry(scenario, w)),
        console: lines.join('\n'),
        readable_headers: result.ok ? [...result.names].sort() : [],
        status: result.ok ? result.status : null,
        fetch_error: result.ok ? null : result.error,
        wire: wire.map((w) => ({ method: w.method, path: w.path, headers: w.headers, status: w.status })),
    };
}

async function main() {
    const args = parseArgs(process.argv);
    fs.mkdirSync(args.out, { recursive: true });
    let puppeteer;
    try {
        puppeteer = (await import('puppeteer-core')).default;
    } catch (e) {
        throw new Error(`puppeteer-core is not installed (run tests/browser/setup.sh): ${e.message}`);
    }
    const policies = fs.readdirSync(args.corpus)
        .filter((f) => f.endsWith('.py') && fs.existsSync(path.join(args.corpus, f.replace(/\.py$/, '.jsonl'))))
        .map((f) => f.replace(/\.py$/, '')).filter((n) => !args.only || args.only.includes(n)).sort();
    const serverLog = path.join(args.out, 'server_requests.jsonl');
    fs.writeFileSync(serverLog, '');
    const started = Date.now();
    const { child, port } = await startServer(args, serverLog);
    const stopServer = () => { try { child.kill('SIGTERM'); } catch (e) { /* gone */ } };
    process.on('exit', stopServer);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
    const browser = await puppeteer.launch({
        browser: 'firefox', executablePath: args.firefox, headless: true,
        extraPrefsFirefox: {
            'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': port,
            'network.proxy.no_proxies_on': '', 'network.proxy.allow_hijacking_localhost': true,
            'network.dns.localDomains': 'app.test,api.test,evil.test,sentinel.test',
            'network.http.speculative-parallel-limit': 0, 'browser.safebrowsing.malware.enabled': false,
        },
    });
    const run = { firefox: await browser.version(), server_port: port, policies: {}, skipped: {} };
    let total = 0;
    let failures = 0;
    let sequence = 0;
    try {
        for (const name of policies) {
            const loaded = await control(port, 'POST', '/__cs/policy', { path: path.resolve(args.corpus, `${name}.py`) });
            if (!loaded.ok) throw new Error(`${name}.py: ${loaded.error}`);
            let scenarios = readJsonLines(path.join(args.corpus, `${name}.jsonl`));
            const skippedHere = scenarios.filter((s) => unsupported(s));
            for (const s of skippedHere) run.skipped[`${name}#${s.id}`] = unsupported(s);
            scenarios = scenarios.filter((s) => !unsupported(s));
            if (args.max) scenarios = scenarios.slice(0, args.max);
            const t0 = Date.now();
            const sessions = new Map();
            const lines = [];
            for (const scenario of scenarios) {
                let out;
                let sess;
                try {
                    if (scenario.session) {
                        sess = sessions.get(scenario.session);
                        if (!sess) { sess = await newSession(browser); sessions.set(scenario.session, sess); }
                    } else {
                        sess = await newSession(browser);
                    }
                    out = await runScenario(args, port, sess, scenario, ++sequence);
                } catch (e) {
                    failures++;
                    out = { id: scenario.id, harness_error: String(e && e.stack || e) };
                } finally {
                    if (sess && !scenario.session) await sess.context.close().catch(() => {});
                }
                lines.push(JSON.stringify(out));
                if (args.verbose) process.stderr.write(`${name} #${scenario.id}: ${out.verdict} ${out.console || ''}${out.harness_error || ''}\n`);
            }
            for (const sess of sessions.values()) await sess.context.close().catch(() => {});
            fs.writeFileSync(path.join(args.out, `${name}.browser.jsonl`), lines.length ? lines.join('\n') + '\n' : '');
            run.policies[name] = { scenarios: scenarios.length, seconds: (Date.now() - t0) / 1000 };
            total += scenarios.length;
            process.stdout.write(`firefox: ${name}: ${scenarios.length} scenarios in ${run.policies[name].seconds.toFixed(1)} s\n`);
        }
    } finally {
        await browser.close();
        stopServer();
    }
    run.total_scenarios = total;
    run.harness_errors = failures;
    run.seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(path.join(args.out, 'run.json'), JSON.stringify(run, null, 2) + '\n');
    process.stdout.write(`firefox: ${total} scenarios, ${policies.length} policies, ${run.firefox}, `
        + `${run.seconds.toFixed(1)} s${failures ? `, ${failures} HARNESS ERRORS` : ''}\n`);
    process.exit(failures ? 3 : 0);
}

main().catch((e) => {
    process.stderr.write(`run_agreement_firefox: ${e && e.stack || e}\n`);
    process.exit(2);
});
