// SPDX-License-Identifier: MIT
// CORS Studio live test page: runs the document's scenarios with fetch() / XMLHttpRequest
// against the policy server and reports what the browser did next to the simulator's
// prediction. Scripts (and tests/live/chromium/run_page.mjs) use window.corsStudio.
'use strict';

// One request, self-contained: it is also injected into the sandboxed (opaque-origin) frame.
// Returns {ok, status, type, names} or {ok: false, error, network}; `network` tells a request
// that failed in the network stack (CORS, connection) from a TypeError thrown before sending.
async function runSpec(spec) {
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
        throw new Error(`unknown body_kind ${kind}`);
    };
    let body;
    try { body = makeBody(); } catch (e) { return { ok: false, error: String(e.message), network: false }; }
    const timeoutMs = spec.timeout_ms || 15000;
    const timeout = new Promise((resolve) => setTimeout(
        () => resolve({ ok: false, error: 'test page: no answer within ' + timeoutMs + ' ms', network: false }),
        timeoutMs));

    if (spec.api === 'xhr') {
        const xhr = new Promise((resolve) => {
            const request = new XMLHttpRequest();
            try {
                request.open(spec.method, spec.url, true);
                if (spec.credentials === 'include') request.withCredentials = true;
                for (const [name, value] of Object.entries(spec.headers || {})) request.setRequestHeader(name, value);
                if (spec.upload_listeners) request.upload.onprogress = () => {};
            } catch (e) {
                resolve({ ok: false, error: `${e.name}: ${e.message}`, network: false });
                return;
            }
            request.onload = () => {
                const names = request.getAllResponseHeaders().split('\r\n').filter(Boolean)
                    .map((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase());
                resolve({ ok: true, status: request.status, type: 'xhr', names: [...new Set(names)] });
            };
            request.onerror = () => resolve({ ok: false, error: 'XMLHttpRequest error event', network: true });
            try {
                request.send(body === undefined ? null : body);
            } catch (e) {
                resolve({ ok: false, error: `${e.name}: ${e.message}`, network: false });
            }
        });
        return Promise.race([xhr, timeout]);
    }

    const init = { method: spec.method, credentials: spec.credentials || 'same-origin', mode: spec.mode || 'cors' };
    if (spec.headers) init.headers = Object.entries(spec.headers);
    if (spec.cache) init.cache = spec.cache;
    if (body !== undefined) init.body = body;
    if (spec.body_kind === 'stream' && spec.duplex !== false) init.duplex = 'half';
    const run = (async () => {
        try {
            const response = await fetch(spec.url, init);
            const names = [...response.headers.keys()];
            try { await response.arrayBuffer(); } catch (e) { /* the body does not change the verdict */ }
            return { ok: true, status: response.status, type: response.type, names };
        } catch (e) {
            return { ok: false, error: `${e.name}: ${e.message}`,
                network: e.name === 'TypeError' && /^Failed to fetch/.test(e.message) };
        }
    })();
    return Promise.race([run, timeout]);
}

window.corsStudio = (() => {
    let config = null;
    let runCounter = 0;
    let opaqueReady = null;
    let opaqueFrame = null;
    let nextMessage = 1;
    const pending = new Map();

    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

    async function post(path, payload) {
        const response = await fetch(path, {
            method: 'POST', cache: 'no-store',
            headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload),
        });
        return response.json();
    }

    async function loadConfig() {
        const response = await fetch('/__cs/scenarios', { cache: 'no-store' });
        config = await response.json();
        return config;
    }

    // A sandboxed frame without allow-same-origin: its origin is opaque ("null").
    function opaqueFrameReady() {
        if (opaqueReady) return opaqueReady;
        opaqueReady = new Promise((resolve) => {
            const frame = document.createElement('iframe');
            frame.sandbox = 'allow-scripts';
            frame.style.display = 'none';
            window.addEventListener('message', (e) => {
                if (e.source !== frame.contentWindow || !e.data) return;
                if (e.data.csReady) { resolve(frame); return; }
                const done = pending.get(e.data.csId);
                if (done) { pending.delete(e.data.csId); done(e.data.result); }
            });
            frame.srcdoc = '<!doctype html><meta charset="utf-8"><title>opaque origin</title><script>'
                + 'const runSpec = ' + runSpec.toString() + ';\n'
                + 'addEventListener("message", async (e) => {'
                + ' const result = await runSpec(e.data.spec);'
                + ' parent.postMessage({ csId: e.data.csId, result }, "*"); });\n'
                + 'parent.postMessage({ csReady: true }, "*");<' + '/script>';
            document.body.appendChild(frame);
            opaqueFrame = frame;
        });
        return opaqueReady;
    }

    async function runInOpaqueFrame(spec) {
        const frame = await opaqueFrameReady();
        const csId = nextMessage++;
        return new Promise((resolve) => {
            pending.set(csId, resolve);
            frame.contentWindow.postMessage({ csId, spec }, '*');
        });
    }

    // Runs one entry of /__cs/scenarios ({id, session, advance, scenario}). Options:
    //   asWritten: fetch the scenario's URL as written, from this page (its origin must be the
    //              scenario's, or the scenario's origin "null"); otherwise the URL is moved to
    //              the policy server with a cs_nonce parameter and the origin is this page's.
    //   run:       a name for this run (bindings and preflight-cache sessions are per run).
    async function runScenario(entry, options = {}) {
        if (!config) await loadConfig();
        const scenario = Object.assign({}, entry.scenario);
        const opaque = scenario.origin === 'null';
        const run = options.run || `r${Date.now()}-${++runCounter}`;
        if (options.asWritten) {
            if (!opaque && scenario.origin !== location.origin) {
                return { skipped: `open this page from ${scenario.origin} to run it as written` };
            }
        } else {
            const target = new URL(scenario.url, location.href);
            const base = new URL(config.policy_url);
            const nonce = encodeURIComponent(`${run}-${entry.session || entry.id}`);
            target.protocol = base.protocol;
            target.host = base.host;
            target.search = target.search ? `${target.search}&cs_nonce=${nonce}` : `?cs_nonce=${nonce}`;
            scenario.url = target.href;
            scenario.origin = opaque ? 'null' : location.origin;
            delete scenario.cookies;
        }
        if (entry.advance) await sleep(entry.advance * 1000);
        const bound = await post('/__cs/bind', {
            id: String(entry.id), run, session: entry.session || '', advance: entry.advance || 0, scenario,
        });
        if (!bound.ok) throw new Error(`bind failed: ${bound.error}`);
        const spec = {
            url: scenario.url, method: scenario.method || 'GET', headers: scenario.headers || {},
            credentials: scenario.credentials, body: scenario.body ?? null, body_kind: scenario.body_kind,
            blob_type: scenario.blob_type, mode: scenario.mode, cache: scenario.cache, api: scenario.api,
            upload_listeners: scenario.upload_listeners, duplex: scenario.duplex,
        };
        const result = opaque ? await runInOpaqueFrame(spec) : await runSpec(spec);
        const report = await post('/__cs/result', {
            id: String(entry.id), run,
            verdict: result.ok ? 'allowed' : 'blocked',
            status: result.ok ? result.status : null,
            response_type: result.ok ? result.type : null,
            readable_headers: result.ok ? [...result.names].sort() : [],
            error: result.ok ? '' : result.error,
        });
        return { run, scenario, result, prediction: bound.prediction, report };
    }

    // ---- The page's own table -------------------------------------------------------------

    function describe(scenario) {
        const parts = [`${scenario.method || 'GET'} ${scenario.url}`, `from ${scenario.origin}`];
        const headers = Object.keys(scenario.headers || {});
        if (headers.length) parts.push(`headers: ${headers.join(', ')}`);
        if (scenario.credentials && scenario.credentials !== 'same-origin') parts.push(`credentials: ${scenario.credentials}`);
        if (scenario.mode && scenario.mode !== 'cors') parts.push(`mode: ${scenario.mode}`);
        if (scenario.api === 'xhr') parts.push('XMLHttpRequest');
        return parts.join('\n');
    }

    function cell(row, index, text, cls) {
        const td = row.cells[index];
        td.textContent = text;
        td.className = cls || '';
    }

    async function runRow(entry, row) {
        const asWritten = document.getElementById('as-written').checked;
        cell(row, 2, '…');
        cell(row, 3, '…');
        cell(row, 4, '');
        try {
            const out = await runScenario(entry, { asWritten });
            if (out.skipped) {
                cell(row, 2, '');
                cell(row, 3, out.skipped, 'skipped');
                return null;
            }
            const p = out.prediction;
            cell(row, 2, `${p.verdict}${p.preflight ? ' (preflight)' : ''}\n${p.console || p.script_error || ''}`
                + (p.fixes && p.fixes.length ? `\nfix: ${p.fixes[0]}` : ''), 'small');
            const r = out.result;
            cell(row, 3, r.ok ? `allowed: ${r.status} ${r.type}\nreadable: ${[...r.names].sort().join(', ')}`
                : `blocked: ${r.error}`, 'small');
            const agree = out.report.agrees;
            cell(row, 4, agree ? 'agree' : out.report.disagreements.join('\n'), agree ? 'agree' : 'disagree');
            return agree;
        } catch (e) {
            cell(row, 3, `harness error: ${e.message}`, 'disagree');
            return false;
        }
    }

    async function init() {
        document.getElementById('page-origin').textContent = location.origin;
        const cfg = await loadConfig();
        document.getElementById('policy-url').textContent = cfg.policy_url;
        const tbody = document.querySelector('#scenarios tbody');
        const rows = [];
        for (const entry of cfg.scenarios) {
            const row = tbody.insertRow();
            for (let i = 0; i < 6; ++i) row.insertCell();
            cell(row, 0, entry.id);
            cell(row, 1, `${entry.name ? entry.name + '\n' : ''}${describe(entry.scenario)}`, 'small');
            const button = document.createElement('button');
            button.textContent = 'Run';
            button.onclick = () => runRow(entry, row);
            row.cells[5].appendChild(button);
            rows.push([entry, row]);
        }
        const summary = document.getElementById('summary');
        summary.textContent = cfg.scenarios.length
            ? `${cfg.scenarios.length} scenarios.`
            : 'The document has no saved scenarios (a settings.py has none; pass --scenarios FILE to serve).';
        document.getElementById('run-all').onclick = async () => {
            let agreed = 0;
            let ran = 0;
            for (const [entry, row] of rows) {
                const agree = await runRow(entry, row);
                if (agree === null) continue;
                ran++;
                if (agree) agreed++;
            }
            summary.textContent = `${agreed} of ${ran} scenarios agree with the simulator.`;
        };
    }

    return { loadConfig, runScenario, runSpec, opaqueFrameReady, init, get opaqueFrame() { return opaqueFrame; } };
})();

if (!new URLSearchParams(location.search).has('harness')) {
    window.addEventListener('DOMContentLoaded', () => window.corsStudio.init());
}
