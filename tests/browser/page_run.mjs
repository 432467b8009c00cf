// SPDX-License-Identifier: MIT
//
// The request a scenario's script makes, run inside the page: fetch() or XMLHttpRequest with the
// scenario's method, headers, credentials, mode, cache and body. Shared by the Firefox harness
// (run_agreement_firefox.mjs, which passes it to puppeteer's page.evaluate) and the WebKitGTK
// harness (run_agreement_webkit.py, which sends this file's text, minus `export`, as a classic
// WebDriver async script). It must stay self-contained: it is serialised into the page.
// Same requests as run_agreement.mjs's pageRun (Chromium), without the opaque-origin iframe.
//
// Resolves to {ok: true, status, type, names} (names: the readable response header names,
// lower-case) or {ok: false, error} (error: the script's error, `${e.name}: ${e.message}`, or
// 'XMLHttpRequest error event, status 0' for XHR's error event).

export async function pageRun(spec) {
    const makeBody = () => {
        if (spec.body === null || spec.body === undefined) return undefined;
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
        throw new Error(`harness: unsupported body_kind ${kind}`);
    };
    let body;
    try { body = makeBody(); } catch (e) { return { ok: false, error: String(e.message) }; }
    if (spec.api === 'xhr') {
        return new Promise((resolve) => {
            const xhr = new XMLHttpRequest();
            try {
                xhr.open(spec.method, spec.url, true);
                if (spec.credentials === 'include') xhr.withCredentials = true;
                for (const [name, value] of Object.entries(spec.headers || {})) xhr.setRequestHeader(name, value);
                if (spec.upload_listeners) xhr.upload.onprogress = () => {};
            } catch (e) { resolve({ ok: false, error: `${e.name}: ${e.message}` }); return; }
            xhr.onload = () => {
                const names = xhr.getAllResponseHeaders().split('\r\n').filter(Boolean)
                    .map((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase());
                resolve({ ok: true, status: xhr.status, type: 'xhr', names: [...new Set(names)] });
            };
            xhr.onerror = () => resolve({ ok: false, error: 'XMLHttpRequest error event, status 0' });
            try { xhr.send(body === undefined ? null : body); } catch (e) { resolve({ ok: false, error: `${e.name}: ${e.message}` }); }
        });
    }
    const init = { method: spec.method, credentials: spec.credentials || 'same-origin', mode: spec.mode || 'cors' };
    if (spec.headers) init.headers = Object.entries(spec.headers);
    if (spec.cache) init.cache = spec.cache;
    if (body !== undefined) init.body = body;
    try {
        const response = await fetch(spec.url, init);
        const names = [...response.headers.keys()];
        try { await response.arrayBuffer(); } catch (e) { /* body errors do not change the verdict */ }
        return { ok: true, status: response.status, type: response.type, names };
    } catch (e) {
        return { ok: false, error: `${e.name}: ${e.message}` };
    }
}
