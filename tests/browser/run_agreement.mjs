#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// The browser half of the agreement test: runs every scenario of a corpus with fetch() in real
// headless Chromium against the real django-cors-headers 3.14 (django_server.py) and writes what
// happened in the shape of `cors-studio simulate POLICY --batch FILE`.
//
//   node run_agreement.mjs --out /tmp/agreement [--corpus corpus] [--only a,b] [--contexts reuse|fresh]
//                          [--chromium /usr/bin/chromium] [--python /usr/bin/python3] [--verbose]
//
// Corpus: POLICY.py (a settings.py) next to POLICY.jsonl (one scenario per line).
// Output, per policy: OUT/POLICY.browser.jsonl, one line per scenario:
//   {"id", "verdict": "allowed"|"blocked", "preflight", "server_saw": [{"method", "headers"}],
//    "console", "readable_headers", ...extras: "status", "response_type", "fetch_error", "log",
//    "wire", "ms"}
// and OUT/server_requests.jsonl (everything the server recorded), OUT/run.json (versions, times).
// Exit status: 0 done, 2 the harness could not run, 3 some scenarios hit harness errors.
//
// Every origin of the corpus (http://app.test, http://api.test:8000, http://localhost:3000, ...)
// is mapped by --host-resolver-rules onto the one server socket; pages live at ORIGIN/__cs/page.
// One browser for the whole run; a clean browser state (empty preflight and HTTP caches, no
// cookies) per scenario, or one context per "session" name within a policy file (scenarios run
// in file order). The scenario members are described in README.md.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
    const args = {
        corpus: path.join(HERE, 'corpus'),
        out: null,
        only: null,
        chromium: process.env.CORS_CHROMIUM || '/usr/bin/chromium',
        python: process.env.CORS_SYSTEM_PYTHON || '/usr/bin/python3',
        verbose: false,
        timeoutMs: 15000,
        contexts: 'reuse',
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
        else if (a === '--contexts') args.contexts = next();
        else if (a === '--verbose' || a === '-v') args.verbose = true;
        else if (a === '--help' || a === '-h') {
            process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8')
                .split('\n').filter((l) => l.startsWith('//')).join('\n') + '\n');
            process.exit(0);
        } else throw new Error(`unknown argument ${a}`);
    }
    if (!args.out) throw new Error('--out DIR is required');
    if (!['fresh', 'reuse'].includes(args.contexts)) throw new Error('--contexts is fresh or reuse');
    return args;
}

// ---------------------------------------------------------------------------------------------
// The compared part of what the server saw. compare.py applies the same rule to the simulator.

// Names the browser itself owns on every request (a script's value is dropped or overridden).
const BROWSER_OWNED = new Set(['host', 'connection', 'user-agent', 'accept-encoding', 'content-length',
    'cookie', 'referer', 'origin', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest']);
// Names Chromium adds to every preflight with its own values.
const PREFLIGHT_BROWSER_OWNED = new Set(['accept', 'accept-language']);
const CORS_REQUEST_HEADERS = ['origin', 'access-control-request-method', 'access-control-request-headers'];

export function comparedHeaderNames(scenario, method) {
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

// ---------------------------------------------------------------------------------------------
// Server

function startServer(args, logPath) {
    return new Promise((resolve, reject) => {
        const child = spawn(args.python, [path.join(HERE, 'django_server.py'), '--port', '0', '--log', logPath],
            { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => { stderr += d; if (args.verbose) process.stderr.write(d); });
        child.on('exit', (code) => reject(new Error(`django_server.py exited with ${code}:\n${stderr}`)));
        const rl = readline.createInterface({ input: child.stdout });
        rl.once('line', (line) => {
            try {
                const ready = JSON.parse(line);
                resolve({ child, port: ready.port });
            } catch (e) {
                reject(new Error(`unexpected server output: ${line}\n${stderr}`));
            }
        });
    });
}

function control(port, method, pathAndQuery, payload) {
    return new Promise((resolve, reject) => {
        const body = payload === undefined ? '' : JSON.stringify(payload);
        const req = http.request({
            host: '127.0.0.1', port, method, path: pathAndQuery,
            headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        }, (res) => {
            let data = '';
            res.setEncoding('utf8');
            res.on('data', (c) => { data += c; });
            res.on('end', () => {
                try { resolve(JSON.parse(data)); } catch (e) { reject(new Error(`bad control answer: ${data}`)); }
            });
        });
        req.on('error', reject);
        req.end(body);
    });
}

// ---------------------------------------------------------------------------------------------
// Corpus

function readJsonLines(file) {
    const out = [];
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (!line.trim() || line.trim().startsWith('//')) return;
        try { out.push(JSON.parse(line)); } catch (e) { throw new Error(`${file}:${i + 1}: ${e.message}`); }
    });
    return out;
}

function listPolicies(corpus, only) {
    return fs.readdirSync(corpus)
        .filter((f) => f.endsWith('.py') && fs.existsSync(path.join(corpus, f.replace(/\.py$/, '.jsonl'))))
        .map((f) => f.replace(/\.py$/, ''))
        .filter((name) => !only || only.includes(name))
        .sort();
}

// ---------------------------------------------------------------------------------------------
// One request in the page, with fetch() or XMLHttpRequest. Runs inside Chromium: self-contained.
// Returns {ok, status, type, names} or {ok: false, error, network} where `network` says the
// request failed in the network stack (Chromium then logs "Failed to load resource"), as
// opposed to a TypeError thrown before any request existed.

async function pageRun(spec) {
    const makeBody = () => {
        if (spec.body === null || spec.body === undefined) {
            return spec.body_kind === 'stream' ? new ReadableStream({ start(c) { c.close(); } }) : undefined;
        }
        const kind = spec.body_kind || 'text';
        if (kind === 'text' || kind === 'none') return spec.body;
        if (kind === 'blob') return new Blob([spec.body], { type: spec.blob_type || '' });
        if (kind === 'arraybuffer') return new TextEncoder().encode(spec.body).buffer;
        if (kind === 'urlsearchparams') return new URLSearchParams(spec.body);
        if (kind === 'formdata') {
            const fd = new FormData();
            for (const [k, v] of new URLSearchParams(spec.body)) fd.append(k, v);
            return fd;
        }
        if (kind === 'stream') {
            const bytes = new TextEncoder().encode(spec.body);
            return new ReadableStream({ start(c) { c.enqueue(bytes); c.close(); } });
        }
        throw new Error(`harness: unknown body_kind ${kind}`);
    };
    let body;
    try { body = makeBody(); } catch (e) { return { ok: false, error: String(e.message), network: false }; }

    if (spec.api === 'xhr') {
        return new Promise((resolve) => {
            const xhr = new XMLHttpRequest();
            try {
                xhr.open(spec.method, spec.url, true);
                if (spec.credentials === 'include') xhr.withCredentials = true;
                for (const [name, value] of Object.entries(spec.headers || {})) xhr.setRequestHeader(name, value);
                if (spec.upload_listeners) xhr.upload.onprogress = () => {};
            } catch (e) {
                resolve({ ok: false, error: `${e.name}: ${e.message}`, network: false });
                return;
            }
            xhr.onload = () => {
                const names = xhr.getAllResponseHeaders().split('\r\n').filter(Boolean)
                    .map((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase());
                resolve({ ok: true, status: xhr.status, type: 'xhr', names: [...new Set(names)] });
            };
            xhr.onerror = () => resolve({ ok: false, error: 'XMLHttpRequest error event', network: true });
            try {
                xhr.send(body === undefined ? null : body);
            } catch (e) {
                resolve({ ok: false, error: `${e.name}: ${e.message}`, network: false });
            }
        });
    }

    const init = { method: spec.method, credentials: spec.credentials || 'same-origin', mode: spec.mode || 'cors' };
    if (spec.headers) init.headers = Object.entries(spec.headers);
    if (spec.cache) init.cache = spec.cache;
    if (body !== undefined) init.body = body;
    if (spec.body_kind === 'stream' && spec.duplex !== false) init.duplex = 'half';
    try {
        const response = await fetch(spec.url, init);
        const names = [...response.headers.keys()];
        try { await response.arrayBuffer(); } catch (e) { /* body errors do not change the verdict */ }
        return { ok: true, status: response.status, type: response.type, names };
    } catch (e) {
        return { ok: false, error: `${e.name}: ${e.message}`, network: e.name === 'TypeError' && /^Failed to fetch/.test(e.message) };
    }
}

// ---------------------------------------------------------------------------------------------

async function newSessionContext(browser) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sess = { context, page, cdp, log: [], logWaiters: new Set(), origin: undefined, target: null,
        targetCdp: null };
    cdp.on('Log.entryAdded', (e) => addLogEntry(sess, e.entry));
    await cdp.send('Log.enable');
    return sess;
}

function addLogEntry(sess, entry) {
    sess.log.push(entry);
    for (const check of [...sess.logWaiters]) check();
}

// Resolves true as soon as done() holds (checked again on every Log entry), false if `ms` pass
// first: the deadline only bounds a wait that has gone wrong.
function waitForLog(sess, done, ms) {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
        const finish = (value) => { clearTimeout(timer); sess.logWaiters.delete(check); resolve(value); };
        const check = () => { if (done()) finish(true); };
        const timer = setTimeout(() => finish(false), ms);
        sess.logWaiters.add(check);
    });
}

// Generous: on a loaded machine the line arrives within milliseconds of the fetch settling.
const CONSOLE_DEADLINE_MS = 20000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The page whose origin is `origin`. "null" (an opaque origin) is a sandboxed iframe
// (`sandbox="allow-scripts"`, srcdoc) inside a page at OPAQUE_PARENT; Chromium runs it
// out of process, so its console lines come through a CDP session of its own.
const OPAQUE_PARENT = 'http://app.test';

async function ensureOrigin(sess, origin) {
    if (sess.origin === origin) return;
    sess.target = null;
    sess.targetCdp = null;
    if (origin === 'null') {
        await sess.page.goto(`${OPAQUE_PARENT}/__cs/page`);
        await sess.page.evaluate(() => new Promise((resolve) => {
            const frame = document.createElement('iframe');
            frame.sandbox = 'allow-scripts';
            frame.srcdoc = '<!doctype html><meta charset="utf-8"><title>opaque</title>';
            frame.onload = resolve;
            document.body.appendChild(frame);
        }));
        const frame = sess.page.frames().find((f) => f !== sess.page.mainFrame());
        const opaque = await frame.evaluate(() => self.origin);
        if (opaque !== 'null') throw new Error(`sandboxed frame has origin ${opaque}`);
        let frameCdp;
        try {
            frameCdp = await sess.context.newCDPSession(frame);
            frameCdp.on('Log.entryAdded', (e) => addLogEntry(sess, e.entry));
            await frameCdp.send('Log.enable');
        } catch (e) {
            frameCdp = sess.cdp; // in-process frame: the page's session sees its lines
        }
        sess.target = frame;
        sess.targetCdp = frameCdp;
    } else {
        await sess.page.goto(`${origin}/__cs/page`);
        sess.target = sess.page;
        sess.targetCdp = sess.cdp;
    }
    sess.origin = origin;
}

// The console text compared with the simulator: every error Chromium logged for the request
// (the CORS line, a renderer-side "Fetch API cannot load ...", XHR's "Refused to set unsafe
// header ..."), without the network stack's trailing "Failed to load resource: net::..." line.
function isConsoleLine(entry) {
    return entry.level === 'error' && !entry.text.startsWith('Failed to load resource');
}

async function runScenario(args, port, sess, scenario) {
    try {
        if (sess.kind === 'shared') {
            await sess.cdp.send('Network.clearBrowserCache');
            await sess.context.clearCookies();
        }
        if (scenario.cookies) {
            // Host-only cookies of the target's host, Path=/, no SameSite attribute (so Lax by
            // default), not Secure: "a=1; b=2".
            const cookies = scenario.cookies.split(';').map((c) => c.trim()).filter(Boolean).map((c) => {
                const eq = c.indexOf('=');
                return { name: c.slice(0, eq), value: c.slice(eq + 1), url: new URL('/', scenario.url).href };
            });
            await sess.context.addCookies(cookies);
        }
        if (scenario.advance) await sleep(scenario.advance * 1000);
        await ensureOrigin(sess, scenario.origin);
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
            upload_listeners: scenario.upload_listeners, duplex: scenario.duplex,
        };
        const result = await Promise.race([
            sess.target.evaluate(pageRun, spec),
            sleep(args.timeoutMs).then(() => ({ ok: false, error: 'harness: request timed out', network: false })),
        ]);

        // Console lines come through the Log domain of the session that listens to the target,
        // while the result came through Playwright's own session, so the lines may still be on
        // their way. The renderer logs them before it settles the script's promise; an answer
        // on the listening session comes after every event the renderer sent on it before, so
        // one round trip there brings in every line logged before the promise settled. A request
        // that failed in the network stack ends with Chromium's "Failed to load resource" line
        // (after the CORS line), or with "Fetch API cannot load" when the renderer refused it;
        // a second round trip after that line brings in anything logged with it.
        const entries = () => sess.log.slice(logStart);
        let consoleIncomplete = null;
        await sess.targetCdp.send('Runtime.evaluate', { expression: '0' });
        if (result.network) {
            const complete = () => entries().some((e) => e.text.startsWith('Failed to load resource')
                || e.text.startsWith('Fetch API cannot load'));
            if (!await waitForLog(sess, complete, CONSOLE_DEADLINE_MS)) {
                consoleIncomplete = `harness: the request failed in the network stack but no "Failed to load resource" `
                    + `line arrived within ${CONSOLE_DEADLINE_MS} ms; console lines may be missing`;
            }
            await sess.targetCdp.send('Runtime.evaluate', { expression: '0' });
        }

        const logEntries = entries().map((e) => ({ source: e.source, level: e.level, text: e.text }));
        const wire = await control(port, 'GET', `/__cs/log?id=${encodeURIComponent(scenario.id)}`);
        const consoleLines = logEntries.filter(isConsoleLine).map((e) => e.text);

        return {
            id: scenario.id,
            verdict: result.ok ? 'allowed' : 'blocked',
            preflight: wire.some((w) => w.method === 'OPTIONS'
                && w.headers.some(([n]) => n.toLowerCase() === 'access-control-request-method')),
            server_saw: wire.map((w) => compactEntry(scenario, w)),
            console: consoleLines.join('\n'),
            readable_headers: result.ok ? [...result.names].sort() : [],
            // extras, not part of the simulator's shape
            status: result.ok ? result.status : null,
            response_type: result.ok ? result.type : null,
            fetch_error: result.ok ? null : result.error,
            log: logEntries,
            wire: wire.map((w) => ({ method: w.method, path: w.path, headers: w.headers,
                status: w.status, response_headers: w.response_headers })),
            // compare.py counts a scenario with a harness_error as having no usable result.
            ...(consoleIncomplete ? { harness_error: consoleIncomplete } : {}),
        };
    } finally {
        if (sess.kind === 'fresh') await sess.context.close();
    }
}

// How each scenario gets a clean browser state (empty preflight cache, HTTP cache and cookie jar):
//  fresh: a new context per scenario (per session), created and pointed at its page origin ahead
//         of time (nothing of that reaches Django: pages live under /__cs/), so only the fetch
//         itself runs serially;
//  reuse: one context for all session-less scenarios of a policy, wiped before each scenario
//         with Network.clearBrowserCache (which also empties the CORS preflight cache) and
//         clearCookies. Faster; `--contexts fresh` is the reference it is checked against.
// Sessions always get their own fresh context.
const LOOKAHEAD = 2;

function makePreparer(browser, scenarios, contextsMode) {
    const prepared = new Map(); // index -> Promise<session>
    const sessions = new Map(); // session name -> Promise<session>
    let shared = null;
    const prepare = async (scenario) => {
        const sess = await newSessionContext(browser);
        await ensureOrigin(sess, scenario.origin);
        return sess;
    };
    const ensure = (i) => {
        if (i >= scenarios.length || prepared.has(i)) return;
        const scenario = scenarios[i];
        let promise;
        if (scenario.session) {
            promise = sessions.get(scenario.session);
            if (!promise) {
                promise = prepare(scenario).then((sess) => Object.assign(sess, { kind: 'session' }));
                sessions.set(scenario.session, promise);
            }
        } else if (contextsMode === 'reuse') {
            if (!shared) shared = prepare(scenario).then((sess) => Object.assign(sess, { kind: 'shared' }));
            promise = shared;
        } else {
            promise = prepare(scenario).then((sess) => Object.assign(sess, { kind: 'fresh' }));
        }
        promise.catch(() => {}); // reported when awaited
        prepared.set(i, promise);
    };
    return {
        get(i) {
            for (let k = i; k <= i + LOOKAHEAD; ++k) ensure(k);
            const promise = prepared.get(i);
            prepared.delete(i);
            return promise;
        },
        async closeAll() {
            const all = new Set([...prepared.values(), ...sessions.values()]);
            if (shared) all.add(shared);
            for (const promise of all) {
                try { await (await promise).context.close(); } catch (e) { /* already closed */ }
            }
        },
    };
}

async function main() {
    const args = parseArgs(process.argv);
    fs.mkdirSync(args.out, { recursive: true });
    const policies = listPolicies(args.corpus, args.only);
    if (policies.length === 0) throw new Error(`no POLICY.py + POLICY.jsonl pairs in ${args.corpus}`);

    let chromium;
    try {
        ({ chromium } = await import('playwright-core'));
    } catch (e) {
        throw new Error(`playwright-core is not installed (run tests/browser/setup.sh): ${e.message}`);
    }

    const serverLog = path.join(args.out, 'server_requests.jsonl');
    fs.writeFileSync(serverLog, '');
    const started = Date.now();
    const { child, port } = await startServer(args, serverLog);
    const stopServer = () => { try { child.kill('SIGTERM'); } catch (e) { /* already gone */ } };
    process.on('exit', stopServer);
    // Playwright kills the browser from its own 'exit' handler; make signals reach both.
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

    const rules = [`MAP *.test 127.0.0.1:${port}`, `MAP localhost 127.0.0.1:${port}`,
        `MAP 127.0.0.1 127.0.0.1:${port}`].join(',');
    const browser = await chromium.launch({
        executablePath: args.chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--no-first-run', '--disable-quic', '--disable-sync', `--host-resolver-rules=${rules}`],
    });
    const run = { chromium: browser.version(), playwright_core: null, server_port: port, policies: {} };
    try {
        run.playwright_core = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', 'playwright-core',
            'package.json'), 'utf8')).version;
    } catch (e) { /* informative only */ }

    let total = 0;
    let failures = 0;
    try {
        for (const name of policies) {
            const policyPath = path.resolve(args.corpus, `${name}.py`);
            const scenarios = readJsonLines(path.join(args.corpus, `${name}.jsonl`));
            const loaded = await control(port, 'POST', '/__cs/policy', { path: policyPath });
            if (!loaded.ok) throw new Error(`${name}.py: ${loaded.error}`);
            const t0 = Date.now();
            const preparer = makePreparer(browser, scenarios, args.contexts);
            const lines = [];
            for (const [index, scenario] of scenarios.entries()) {
                let out;
                const tStart = Date.now();
                try {
                    const sess = await preparer.get(index);
                    const tReady = Date.now();
                    out = await runScenario(args, port, sess, scenario);
                    out.ms = { wait_context: tReady - tStart, run: Date.now() - tReady };
                    if (out.harness_error) failures++;
                } catch (e) {
                    failures++;
                    out = { id: scenario.id, harness_error: String(e && e.stack || e) };
                }
                lines.push(JSON.stringify(out));
                if (args.verbose) {
                    process.stderr.write(`${name} #${scenario.id}: ${out.verdict} preflight=${out.preflight}`
                        + `${out.console ? ` | ${out.console}` : ''}${out.harness_error ? ` | ${out.harness_error}` : ''}\n`);
                }
            }
            await preparer.closeAll();
            fs.writeFileSync(path.join(args.out, `${name}.browser.jsonl`), lines.join('\n') + '\n');
            run.policies[name] = { scenarios: scenarios.length, seconds: (Date.now() - t0) / 1000 };
            total += scenarios.length;
            process.stdout.write(`browser: ${name}: ${scenarios.length} scenarios in ${run.policies[name].seconds.toFixed(1)} s\n`);
        }
    } finally {
        await browser.close();
        stopServer();
    }
    run.total_scenarios = total;
    run.harness_errors = failures;
    run.seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(path.join(args.out, 'run.json'), JSON.stringify(run, null, 2) + '\n');
    process.stdout.write(`browser: ${total} scenarios, ${policies.length} policies, Chromium ${run.chromium}, `
        + `${run.seconds.toFixed(1)} s${failures ? `, ${failures} HARNESS ERRORS` : ''}\n`);
    process.exit(failures ? 3 : 0);
}

main().catch((e) => {
    process.stderr.write(`run_agreement: ${e && e.stack || e}\n`);
    process.exit(2);
});
